package dev.gma.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kept statements: rows of several shapes, values of one row never leaking into the next, a new connection. */
class SqliteRowsInsertsTest {

    @TempDir Path dir;

    @Test
    void rowsOfDifferentShapesOnOneConnectionEachGetTheirOwnValues() throws SQLException {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("gma.db"));
        try (Connection c = db.connect(); SqliteRows.Inserts inserts = new SqliteRows.Inserts()) {
            inserts.insert(c, "failure_events", row("d-1", "first"));
            inserts.insert(c, "failure_events", row("d-2", null));          // same columns, error NULL
            Map<String, Object> shorter = new LinkedHashMap<>();
            shorter.put("delivery_id", "d-3");
            shorter.put("created", Instant.EPOCH);
            inserts.insert(c, "failure_events", shorter);                    // another column list
            inserts.insert(c, "failure_events", row("d-4", "fourth"));
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("delivery_id", "e-1");
            event.put("received", Instant.EPOCH);
            event.put("event", "issues");
            event.put("signature", "sha256=00");
            event.put("payload", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            inserts.insert(c, "events", event);                              // another table, bytes as text
            assertThat(rows(c, "SELECT delivery_id || ':' || IFNULL(error, '-') FROM failure_events ORDER BY delivery_id"))
                    .isEqualTo("d-1:first,d-2:-,d-3:-,d-4:fourth");
            assertThat(rows(c, "SELECT typeof(payload) || ':' || payload FROM events WHERE received >= '1970-01-01'")).isEqualTo("text:{\"a\":1}");
        }
    }

    @Test
    void aNewConnectionGetsStatementsOfItsOwnAndUnknownColumnsAreStillRefused() throws SQLException {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("gma.db"));
        try (SqliteRows.Inserts inserts = new SqliteRows.Inserts()) {
            try (Connection first = db.connect()) {
                inserts.insert(first, "failure_events", row("d-1", "x"));
            }
            try (Connection second = db.connect()) {
                inserts.insert(second, "failure_events", row("d-2", "y"));
                assertThat(rows(second, "SELECT COUNT(*) FROM failure_events")).isEqualTo("2");
                assertThatThrownBy(() -> inserts.insert(second, "failure_events", Map.of("nope", 1)))
                        .hasMessageContaining("has no column nope");
            }
        }
    }

    private static Map<String, Object> row(String deliveryId, String error) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("delivery_id", deliveryId);
        row.put("created", Instant.EPOCH);
        row.put("error", error);
        return row;
    }

    private static String rows(Connection c, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : ",").append(rs.getString(1));
            }
        }
        return out.toString();
    }
}
