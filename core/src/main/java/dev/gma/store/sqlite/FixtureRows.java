package dev.gma.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.schema.Column;
import dev.gma.schema.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of the system's tables from fixture files (testdata/analytics): each value a String, a Long or
 * null, keyed by the column names of the table's schema (timestamps as ISO-8601 UTC text). The
 * enrichment columns of an event are read from its body the way the webhook service reads them, and
 * the reports of other tools the way its events intake stores them. Used by the analytics tests and
 * by the dashboard's demo data ({@code bin/run-local --demo}).
 *
 * <p>{@code events.json} lists deliveries: {@code delivery_id}, {@code received}, {@code event} and the
 * body as {@code payload_file}, {@code payload} (an inline JSON object), {@code payload_text} (raw
 * text, e.g. broken JSON) or {@code payload_uri} (an oversized payload stored elsewhere).
 */
public final class FixtureRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FixtureRows() {}

    /**
     * Rows of {@code events} from a file in the format of testdata/analytics/events.json;
     * {@code payload_file} names a file under {@code payloadRoot}.
     */
    public static List<Map<String, Object>> events(Path file, Path payloadRoot) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode r : readArray(file)) {
            Map<String, Object> row = emptyRow("events");
            row.put("delivery_id", r.path("delivery_id").asText());
            row.put("received", r.path("received").asText());
            row.put("event", r.path("event").asText());
            row.put("signature", r.hasNonNull("signature") ? r.get("signature").asText() : "sha256=" + r.path("delivery_id").asText());
            String payload = null;
            if (r.hasNonNull("payload_file")) {
                payload = read(payloadRoot.resolve(r.get("payload_file").asText()));
            } else if (r.hasNonNull("payload")) {
                payload = r.get("payload").toString();
            } else if (r.hasNonNull("payload_text")) {
                payload = r.get("payload_text").asText();
            }
            row.put("payload", payload);
            row.put("payload_uri", r.hasNonNull("payload_uri") ? r.get("payload_uri").asText() : null);
            enrich(row, payload);
            enrichReport(row, r.path("event").asText(), r.path("payload"));
            row.put("source", r.hasNonNull("source") ? r.get("source").asText() : sourceOf(r.path("event").asText()));
            rows.add(row);
        }
        return rows;
    }

    private static void enrich(Map<String, Object> row, String payload) {
        JsonNode body;
        try {
            body = payload == null ? JSON.missingNode() : JSON.readTree(payload);
        } catch (IOException notJson) {
            body = JSON.missingNode();
        }
        row.put("action", text(body.path("action")));
        row.put("installation_id", number(body.path("installation").path("id")));
        row.put("enterprise_id", number(body.path("enterprise").path("id")));
        row.put("enterprise_name", text(body.path("enterprise").path("slug")));
        row.put("organization_id", number(body.path("organization").path("id")));
        row.put("organization_name", text(body.path("organization").path("login")));
        row.put("repository_id", number(body.path("repository").path("id")));
        row.put("repository_full_name", text(body.path("repository").path("full_name")));
        row.put("sender_login", text(body.path("sender").path("login")));
    }

    /**
     * Reports from other tools, enriched as the webhook service's events intake stores them
     * (docs/events.md): the repository is "owner/name" text, the action the status or the state.
     */
    private static void enrichReport(Map<String, Object> row, String event, JsonNode body) {
        switch (event) {
            case "custom_deployment", "custom_incident" -> {
                String repository = text(body.path("repository"));
                row.put("repository_full_name", repository);
                row.put("organization_name", repository == null || !repository.contains("/") ? null : repository.substring(0, repository.indexOf('/')));
                row.put("action", event.equals("custom_deployment") ? text(body.path("status"))
                        : body.hasNonNull("resolved_at") ? "resolved" : "opened");
            }
            case "pagerduty" -> row.put("action", text(body.path("event").path("event_type")));
            default -> { }
        }
    }

    /** As the webhook service stamps it: reports from other tools are "custom", GitHub's deliveries "webhook". */
    private static String sourceOf(String event) {
        return switch (event) {
            case "custom_deployment", "custom_incident", "pagerduty" -> "custom";
            default -> "webhook";
        };
    }

    /** Rows of a table from a JSON array of objects keyed by its column names. */
    public static List<Map<String, Object>> plain(String table, Path file) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode r : readArray(file)) {
            Map<String, Object> row = emptyRow(table);
            for (Column c : TableSchema.load(table).columns()) {
                JsonNode v = r.path(c.name());
                row.put(c.name(), "INTEGER".equals(c.type()) ? number(v) : text(v));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> emptyRow(String table) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Column c : TableSchema.load(table).columns()) {
            row.put(c.name(), null);
        }
        return row;
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static Long number(JsonNode n) {
        return n.isIntegralNumber() ? n.asLong() : null;
    }

    private static List<JsonNode> readArray(Path file) {
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(Files.readString(file)).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
