package dev.gma.leech;

import dev.gma.leech.model.Outcome;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A local store in a temporary data dir, filled row by row for the read and status tests. */
public final class LocalStore {

    private final SqliteDatabase database;
    private Instant clock = Instant.parse("2026-11-28T00:00:00Z");

    public LocalStore(Path dataDir) {
        this.database = SqliteDatabase.openInDataDir(dataDir);
    }

    public void event(String deliveryId, String event, String action, String payload) throws SQLException {
        Map<String, Object> row = new HashMap<>();
        row.put("delivery_id", deliveryId);
        row.put("signature", "sha256=" + deliveryId);
        row.put("received", clock = clock.plusSeconds(1));
        row.put("event", event);
        row.put("action", action);
        row.put("payload", payload);
        insert("events", row);
    }

    public void status(String deliveryId, Outcome outcome) throws SQLException {
        insert("leech_status", Map.of("delivery_id", deliveryId, "processed_at", clock, "status", outcome.name()));
    }

    /** {@code delivery_id status} of every leech_status row, in insertion order. */
    public List<String> statuses() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.connect();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT delivery_id, status, attempt FROM leech_status ORDER BY rowid")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3));
            }
        }
        return rows;
    }

    private void insert(String table, Map<String, ?> row) throws SQLException {
        try (Connection c = database.connect()) {
            SqliteRows.insert(c, table, row);
        }
    }
}
