package dev.gma.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads the documented JSON of {@code /app/hook/deliveries}; anything else is a {@link MalformedResponseException}. */
final class HookDeliveries {

    private HookDeliveries() {}

    static List<HookDelivery> page(String body) {
        JsonNode page = JsonBodies.read(body, "the deliveries page");
        if (!page.isArray()) {
            throw new MalformedResponseException("the deliveries page is not a JSON array but " + page.getNodeType());
        }
        List<HookDelivery> deliveries = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            deliveries.add(delivery(page.get(i), "delivery #" + i + " of the page"));
        }
        return deliveries;
    }

    static HookDelivery one(String body) {
        return delivery(JsonBodies.read(body, "the delivery"), "the delivery");
    }

    private static HookDelivery delivery(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new MalformedResponseException(where + " is not a JSON object");
        }
        return new HookDelivery(requiredLong(n, "id", where), requiredText(n, "guid", where),
                instant(n, "delivered_at", where), n.path("redelivery").asBoolean(false),
                n.path("duration").asDouble(0), text(n, "status"), (int) requiredLong(n, "status_code", where),
                text(n, "event"), text(n, "action"), optionalLong(n, "installation_id"),
                optionalLong(n, "repository_id"));
    }

    private static long requiredLong(JsonNode n, String field, String where) {
        JsonNode value = n.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new MalformedResponseException(where + " lacks the number " + field);
        }
        return value.asLong();
    }

    private static String requiredText(JsonNode n, String field, String where) {
        JsonNode value = n.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new MalformedResponseException(where + " lacks the string " + field);
        }
        return value.asText();
    }

    private static Instant instant(JsonNode n, String field, String where) {
        String value = text(n, field);
        try {
            return value == null ? null : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedResponseException(where + " has a " + field + " that is not an RFC 3339 time");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode value = n.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Long optionalLong(JsonNode n, String field) {
        JsonNode value = n.get(field);
        return value != null && value.isIntegralNumber() ? value.asLong() : null;
    }
}
