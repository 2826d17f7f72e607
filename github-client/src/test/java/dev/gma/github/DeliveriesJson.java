package dev.gma.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Builds {@code /app/hook/deliveries} pages in GitHub's documented shape, for WireMock stubs. */
public final class DeliveriesJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ArrayNode page = JSON.createArrayNode();

    public DeliveriesJson add(long id, String guid, int statusCode) {
        return add(id, guid, statusCode, false);
    }

    /** A delivery that GitHub sent again ({@code redelivery: true}): a GUID's older original exists. */
    public DeliveriesJson redelivery(long id, String guid, int statusCode) {
        return add(id, guid, statusCode, true);
    }

    private DeliveriesJson add(long id, String guid, int statusCode, boolean redelivery) {
        ObjectNode d = page.addObject();
        d.put("id", id);
        d.put("guid", guid);
        d.put("delivered_at", Instant.parse("2026-11-22T00:00:00Z").plusSeconds(id).toString());
        d.put("redelivery", redelivery);
        d.put("duration", 0.27);
        d.put("status", statusCode >= 200 && statusCode < 300 ? "OK" : "failed to connect");
        d.put("status_code", statusCode);
        d.put("event", "issues");
        d.put("action", "opened");
        d.put("installation_id", 43215678);
        d.put("repository_id", 1296269);
        return this;
    }

    @Override
    public String toString() {
        return page.toString();
    }
}
