package dev.gma.dashboard.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.schema.Column;
import dev.gma.schema.TableSchema;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the analytics testdata ({@code testdata/analytics/events.json} and {@code leech_status.json})
 * into a local store, the way the webhook service would have stored those deliveries (enrichment
 * columns read from the payload), and writes a demo {@code teams.csv} next to it. Used by
 * {@code bin/run-local --demo} and by the dashboard's tests.
 *
 * <p>{@code java -cp dashboard.jar dev.gma.dashboard.demo.DemoData <testdata dir> <data dir>}
 */
public final class DemoData {

    /** The demo's teams: one per repository of the testdata, and a leadership view of the two product teams. */
    public static final String TEAMS_CSV = """
            team,repository_full_name
            storefront,octo-org/hello-world
            payments,octo-org/payments
            platform,octo-org/ops-tools
            product,octo-org/hello-world
            product,octo-org/payments
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoData() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: DemoData <testdata dir> <data dir>");
            System.exit(2);
        }
        Path dataDir = Path.of(args[1]);
        int[] counts = load(Path.of(args[0]), SqliteDatabase.openInDataDir(dataDir));
        writeTeams(dataDir.resolve("teams.csv"));
        System.out.println("demo data: " + counts[0] + " events and " + counts[1] + " leech_status rows in "
                + dataDir.resolve("gma.db") + "; teams in " + dataDir.resolve("teams.csv"));
    }

    /**
     * Inserts the testdata into an empty store, in one transaction.
     *
     * @return events and leech_status rows inserted
     */
    public static int[] load(Path testdata, SqliteDatabase db) {
        List<Map<String, Object>> events = events(testdata);
        List<Map<String, Object>> statuses = plain("leech_status", testdata.resolve("analytics/leech_status.json"));
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
                if (rs.next() && rs.getLong(1) > 0) {
                    throw new IllegalStateException("the store " + db.file() + " already holds events: demo data goes into a fresh data directory");
                }
            }
            c.setAutoCommit(false);
            for (Map<String, Object> row : events) {
                SqliteRows.insert(c, "events", row);
            }
            for (Map<String, Object> row : statuses) {
                SqliteRows.insert(c, "leech_status", row);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the demo data into " + db.file() + ": " + e.getMessage(), e);
        }
        return new int[] {events.size(), statuses.size()};
    }

    public static void writeTeams(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, TEAMS_CSV, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Rows of {@code events} from {@code analytics/events.json}; payload files are at the top of testdata/. */
    static List<Map<String, Object>> events(Path testdata) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode r : readArray(testdata.resolve("analytics/events.json"))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("delivery_id", r.path("delivery_id").asText());
            row.put("received", r.path("received").asText());
            row.put("event", r.path("event").asText());
            row.put("signature", r.hasNonNull("signature") ? r.get("signature").asText() : "sha256=" + r.path("delivery_id").asText());
            String payload = null;
            if (r.hasNonNull("payload_file")) {
                payload = read(testdata.resolve(r.get("payload_file").asText()));
            } else if (r.hasNonNull("payload")) {
                payload = r.get("payload").toString();
            } else if (r.hasNonNull("payload_text")) {
                payload = r.get("payload_text").asText();
            }
            row.put("payload", payload);
            row.put("payload_uri", r.hasNonNull("payload_uri") ? r.get("payload_uri").asText() : null);
            enrich(row, payload);
            enrichReport(row, r.path("event").asText(), r.path("payload"));
            // as the webhook service stores them: GitHub deliveries "webhook", reports to /events/* "custom"
            String event = r.path("event").asText();
            row.put("source", event.startsWith("custom_") || event.equals("pagerduty") ? "custom" : "webhook");
            rows.add(row);
        }
        return rows;
    }

    /** The enrichment columns, read from the payload as the webhook service reads them. */
    private static void enrich(Map<String, Object> row, String payload) {
        JsonNode body;
        try {
            body = payload == null ? JSON.missingNode() : JSON.readTree(payload);
        } catch (IOException notJson) {
            body = JSON.missingNode();
        }
        if (body == null) {
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
     * Reports from other tools ({@code custom_deployment}, {@code custom_incident}, {@code pagerduty}),
     * enriched as the webhook service's events intake stores them (docs/events.md): the repository is
     * "owner/name" text, the action the status or the state.
     */
    private static void enrichReport(Map<String, Object> row, String event, JsonNode body) {
        switch (event) {
            case "custom_deployment", "custom_incident" -> {
                String repository = text(body.path("repository"));
                row.put("repository_full_name", repository);
                row.put("organization_name", repository == null || !repository.contains("/") ? null
                        : repository.substring(0, repository.indexOf('/')));
                row.put("action", event.equals("custom_deployment") ? text(body.path("status"))
                        : body.hasNonNull("resolved_at") ? "resolved" : "opened");
            }
            case "pagerduty" -> row.put("action", text(body.path("event").path("event_type")));
            default -> { }
        }
    }

    private static List<Map<String, Object>> plain(String table, Path file) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode r : readArray(file)) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Column c : TableSchema.load(table).columns()) {
                JsonNode v = r.path(c.name());
                row.put(c.name(), "INTEGER".equals(c.type()) ? number(v) : text(v));
            }
            rows.add(row);
        }
        return rows;
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static Long number(JsonNode n) {
        return n.isIntegralNumber() ? n.asLong() : null;
    }

    private static List<JsonNode> readArray(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try {
            JSON.readTree(file.toFile()).forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
