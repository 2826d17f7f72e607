package dev.gma.retry.local;

import dev.gma.retry.domain.Checkpoint;
import dev.gma.retry.domain.CheckpointStore;
import dev.gma.retry.domain.DeliveryStateStore;
import dev.gma.retry.domain.GuidState;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Local adapter of the retry run's stores: the same SQLite file the webhook service writes. One
 * connection is kept open (in autocommit mode, so it holds no lock between statements): opening
 * one per statement made every close of the last connection checkpoint the WAL, tens of
 * milliseconds per redelivery record.
 */
public final class SqliteRetryStore implements CheckpointStore, DeliveryStateStore, AutoCloseable {

    private final SqliteDatabase db;
    private Connection connection;

    public SqliteRetryStore(SqliteDatabase db) {
        this.db = db;
    }

    private synchronized Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = db.connect();
        }
        return connection;
    }

    /** Drops the connection after an error, so the next call starts from a fresh one. */
    private synchronized void reset() {
        close();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing after an error; nothing left to release
            }
            connection = null;
        }
    }

    @Override
    public synchronized Optional<Checkpoint> latest(String githubInstanceUrl) {
        String sql = "SELECT delivery_id, created FROM checkpoint WHERE github_instance_url = ? "
                + "ORDER BY CAST(delivery_id AS INTEGER) DESC LIMIT 1";
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            ps.setString(1, githubInstanceUrl);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Checkpoint(Long.parseLong(rs.getString(1)), Instant.parse(rs.getString(2)),
                                githubInstanceUrl))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            reset();
            throw new IllegalStateException("reading the checkpoint failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        insert("checkpoint", Map.of("delivery_id", Long.toString(checkpoint.deliveryId()),
                "created", checkpoint.created(), "github_instance_url", checkpoint.githubInstanceUrl()));
    }

    /**
     * One query for the page: stored GUIDs from events received since the bound (the same rule as
     * the BigQuery adapter's), counts and last ids from redeliveries.
     */
    @Override
    public synchronized Map<String, GuidState> lookup(Set<String> guids, Instant receivedSince) {
        if (guids.isEmpty()) {
            return Map.of();
        }
        List<String> ids = new ArrayList<>(guids);
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        String sql = "SELECT guid, MAX(stored), SUM(n), MAX(last_id) FROM ("
                + " SELECT delivery_id AS guid, 1 AS stored, 0 AS n, 0 AS last_id FROM events WHERE delivery_id IN (" + marks + ") AND received >= ?"
                + " UNION ALL"
                + " SELECT guid, 0, COUNT(*), MAX(delivery_id) FROM redeliveries WHERE guid IN (" + marks + ") GROUP BY guid"
                + ") GROUP BY guid";
        Map<String, GuidState> states = new HashMap<>();
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 1, ids.get(i));
                ps.setString(ids.size() + i + 2, ids.get(i));
            }
            ps.setString(ids.size() + 1, SqliteRows.timestamp(receivedSince));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), new GuidState(rs.getInt(2) == 1, rs.getInt(3), rs.getLong(4)));
                }
            }
            return states;
        } catch (SQLException e) {
            reset();
            throw new IllegalStateException("looking up deliveries failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void recordRedelivery(String guid, long deliveryId, Instant attemptedAt, int statusCode, String outcome) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("guid", guid);
        row.put("delivery_id", deliveryId);
        row.put("attempted_at", attemptedAt);
        row.put("status_code", statusCode);
        row.put("outcome", outcome);
        insert("redeliveries", row);
    }

    private synchronized void insert(String table, Map<String, ?> row) {
        try {
            SqliteRows.insert(connection(), table, row);
        } catch (SQLException e) {
            reset();
            throw new IllegalStateException("writing " + table + " failed: " + e.getMessage(), e);
        }
    }
}
