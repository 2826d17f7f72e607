package dev.gma.system;

import dev.gma.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What the local store holds at the end of a scenario, read with plain SQL. */
final class Store {

    private Store() {}

    /**
     * @param eventRows          rows of {@code events} per delivery_id (duplicates are allowed there)
     * @param uniqueEvents       rows of the {@code events_unique} view per delivery_id
     * @param deadLettered       delivery ids in {@code dead_letter_events}
     * @param publishFailures    rows of {@code failure_events} per delivery_id (failed publishes)
     * @param redeliveryRows     rows of {@code redeliveries} per guid (the retry service's audit trail)
     */
    record Snapshot(Map<String, Integer> eventRows, Map<String, Integer> uniqueEvents, Set<String> deadLettered,
                    Map<String, Integer> publishFailures, Map<String, Integer> redeliveryRows) {}

    static Snapshot read(Path dataDir) throws SQLException {
        try (Connection c = SqliteDatabase.openInDataDir(dataDir).connect()) {
            return new Snapshot(
                    counts(c, "SELECT delivery_id, COUNT(*) FROM events GROUP BY delivery_id"),
                    counts(c, "SELECT delivery_id, COUNT(*) FROM events_unique GROUP BY delivery_id"),
                    new TreeSet<>(counts(c, "SELECT delivery_id, COUNT(*) FROM dead_letter_events GROUP BY delivery_id")
                            .keySet()),
                    counts(c, "SELECT delivery_id, COUNT(*) FROM failure_events GROUP BY delivery_id"),
                    counts(c, "SELECT guid, COUNT(*) FROM redeliveries GROUP BY guid"));
        }
    }

    private static Map<String, Integer> counts(Connection c, String sql) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }
}
