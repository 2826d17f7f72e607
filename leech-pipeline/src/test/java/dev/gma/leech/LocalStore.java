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
    /** Two days ago: inside any look-back window a launch reads. */
    private Instant clock = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minus(java.time.Duration.ofDays(2));

    public LocalStore(Path dataDir) {
        this.database = SqliteDatabase.openInDataDir(dataDir);
    }

    public void event(String deliveryId, String event, String action, String payload) throws SQLException {
        event(deliveryId, event, action, payload, clock = clock.plusSeconds(1));
    }

    /** An event received at {@code received} (the store's clock is left alone). */
    public void event(String deliveryId, String event, String action, String payload, Instant received)
            throws SQLException {
        Map<String, Object> row = new HashMap<>();
        row.put("delivery_id", deliveryId);
        row.put("signature", "sha256=" + deliveryId);
        row.put("received", received);
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
