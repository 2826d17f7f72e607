package dev.gma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.schema.TableSchema;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command of gma on a local store the test fills, run as bin/gma runs them. */
class LocalCommandsTest {

    @TempDir Path dataDir;
    SqliteDatabase db;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    record Run(int exit, String out, String err) {}

    Run gma(String... args) {
        return gma(Map.of("GMA_DATA_DIR", dataDir.toString()), args);
    }

    static Run gma(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Gma.run(CliSettings.from(env), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void fillTheStore() throws SQLException {
        db = SqliteDatabase.open(dataDir.resolve("gma.db"));
        try (Connection c = db.connect()) {
            insertEvent(c, "events", "d-push-1", "push", now.minus(1, ChronoUnit.HOURS));
            insertEvent(c, "events", "d-push-1", "push", now.minus(50, ChronoUnit.MINUTES)); // a redelivered copy
            insertEvent(c, "events", "d-pr-1", "pull_request", now.minus(2, ChronoUnit.HOURS));
            insertEvent(c, "events", "d-old", "pull_request", now.minus(30, ChronoUnit.HOURS)); // outside the 24 h
            insertEvent(c, "events", "d-stored-later", "issues", now.minus(10, ChronoUnit.MINUTES));
            insertEvent(c, "dead_letter_events", "d-dead-1", "issues", now.minus(5, ChronoUnit.HOURS));
            insertEvent(c, "dead_letter_events", "d-dead-2", "push", now.minus(4, ChronoUnit.HOURS));
            insertEvent(c, "dead_letter_events", "d-dead-3", "release", now.minus(3, ChronoUnit.HOURS));
            insertEvent(c, "dead_letter_events", "d-stored-later", "issues", now.minus(20, ChronoUnit.MINUTES));
            SqliteRows.insert(c, "failure_events", Map.of("delivery_id", "d-dead-1", "created", now.minus(5, ChronoUnit.HOURS), "error", "boom"));
            SqliteRows.insert(c, "failure_events", Map.of("delivery_id", "d-x", "created", now.minus(40, ChronoUnit.HOURS), "error", "old"));
            SqliteRows.insert(c, "checkpoint", Map.of("delivery_id", "12345", "created", now.minus(30, ChronoUnit.MINUTES)));
            SqliteRows.insert(c, "redeliveries", Map.of("guid", "g1", "delivery_id", "99", "attempted_at", now.minus(30, ChronoUnit.MINUTES),
                    "status_code", 202L, "outcome", "REDELIVERED"));
            SqliteRows.insert(c, "leech_status", Map.of("delivery_id", "d-run", "processed_at", now.minus(1, ChronoUnit.HOURS), "status", "SUCCESS"));
        }
    }

    private static void insertEvent(Connection c, String table, String id, String event, Instant received) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        TableSchema.load("events").columnNames().forEach(n -> row.put(n, null));
        row.put("delivery_id", id);
        row.put("event", event);
        row.put("received", received);
        row.put("signature", "sha256=" + id);
        row.put("payload", "{}");
        row.put("repository_full_name", "octo-org/hello-world");
        SqliteRows.insert(c, table, row);
    }

    @Test
    void statusSummarisesTheLastDay() throws Exception {
        Run human = gma("status");
        assertThat(human.exit()).isZero();
        assertThat(human.out()).contains("events: 3", "push", "publish failures: 1", "dead letters waiting: 4",
                "checkpoint 12345", "REDELIVERED=1", "SUCCESS=1");
        JsonNode json = new ObjectMapper().readTree(gma("status", "--json").out());
        assertThat(json.path("eventsByType").path("push").asLong()).isEqualTo(1); // two copies, one delivery
        assertThat(json.path("eventsByType").path("pull_request").asLong()).isEqualTo(1); // d-old is older than 24 h
        assertThat(json.path("publishFailures").asLong()).isEqualTo(1);
        assertThat(json.path("deadLetters").asLong()).isEqualTo(4);
    }

    @Test
    void listShowsTheOldestFirst() {
        Run list = gma("dlq", "list", "--limit", "2");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("d-dead-1", "d-dead-2").doesNotContain("d-dead-3").contains("2 dead letter(s) shown");
    }

    @Test
    void replayMovesLettersInBatchesAndASecondReplayAddsNothing() throws Exception {
        Run first = gma("dlq", "replay", "--limit", "2");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("\"replayed\":2");
        assertThat(count("dead_letter_events")).isEqualTo(2);

        Run rest = gma("dlq", "replay");
        assertThat(rest.out()).contains("\"replayed\":1", "\"already_stored\":1"); // d-stored-later came back on its own
        assertThat(count("dead_letter_events")).isZero();
        assertThat(distinct("events")).isEqualTo(7); // 4 before, and d-dead-1, -2, -3
        int rows = count("events");

        Run again = gma("dlq", "replay");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("\"replayed\":0");
        assertThat(count("events")).isEqualTo(rows);
    }

    @Test
    void replayOfOneDelivery() throws Exception {
        Run one = gma("dlq", "replay", "--delivery-id", "d-dead-3");
        assertThat(one.out()).contains("\"replayed\":1");
        assertThat(count("dead_letter_events")).isEqualTo(3);
        assertThat(distinctWhere("delivery_id = 'd-dead-3'")).isEqualTo(1);
    }

    @Test
    void badArgumentsAndAMissingStoreAreClearErrors() {
        assertThat(gma("dlq", "replay", "--limit", "0").exit()).isEqualTo(2);
        assertThat(gma("dlq", "replay", "--limit", "many").exit()).isEqualTo(2);
        Run missing = gma(Map.of("GMA_DATA_DIR", dataDir.resolve("nowhere").toString()), "status");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no local store at");
        Map<String, String> gcp = new HashMap<>(Map.of("PROJECT_ID", "p"));
        Run unset = gma(gcp, "dlq", "replay");
        assertThat(unset.exit()).isEqualTo(2);
        assertThat(unset.err()).contains("EVENTS_TOPIC_ID", "DLQ_SUBSCRIPTION_ID");
    }

    private int count(String table) throws SQLException {
        return query("SELECT COUNT(*) FROM " + table);
    }

    private int distinct(String table) throws SQLException {
        return query("SELECT COUNT(DISTINCT delivery_id) FROM " + table);
    }

    private int distinctWhere(String condition) throws SQLException {
        return query("SELECT COUNT(DISTINCT delivery_id) FROM events WHERE " + condition);
    }

    private int query(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
