package dev.gma.leech.read;

import dev.gma.leech.model.PendingEvent;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Local mode: the store the webhook service writes, {@code <dataDir>/gma.db}. */
public final class SqlitePendingRuns implements PendingRunSource {

    /**
     * The twin of {@code BigQueryPendingRuns}' query: the copies of each delivery received in the
     * window, grouped by delivery id (MIN(received) in the select list makes SQLite take the bare
     * columns from the oldest copy), oldest first.
     */
    private static final String QUERY = """
            SELECT e.delivery_id, e.payload, e.payload_uri,
                   1 + (SELECT COUNT(*) FROM leech_status f
                        WHERE f.delivery_id = e.delivery_id AND f.status = 'FAILURE') AS attempt,
                   MIN(e.received) AS first_received
            FROM events AS e
            WHERE e.received >= ?
              AND e.event = 'workflow_run' AND e.action = 'completed'
              AND NOT EXISTS (SELECT 1 FROM leech_status d
                              WHERE d.delivery_id = e.delivery_id AND d.status IN ('SUCCESS', 'NOT_FOUND'))
              AND (SELECT COUNT(*) FROM leech_status f
                   WHERE f.delivery_id = e.delivery_id AND f.status = 'FAILURE') < ?
            GROUP BY e.delivery_id
            ORDER BY first_received, e.delivery_id
            LIMIT ?
            """;

    private final String dataDir;

    public SqlitePendingRuns(Path dataDir) {
        this.dataDir = dataDir.toString();
    }

    @Override
    public List<PendingEvent> read(int batchSize, int maxAttempts, Instant receivedSince) throws SQLException {
        try (Connection c = SqliteDatabase.openInDataDir(Path.of(dataDir)).connect();
             PreparedStatement query = c.prepareStatement(QUERY)) {
            query.setString(1, SqliteRows.timestamp(receivedSince));
            query.setInt(2, maxAttempts);
            query.setInt(3, batchSize);
            List<PendingEvent> pending = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    pending.add(new PendingEvent(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getInt(4)));
                }
            }
            return pending;
        }
    }
}
