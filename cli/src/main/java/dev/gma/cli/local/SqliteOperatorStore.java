package dev.gma.cli.local;

import dev.gma.cli.DeadLetters;
import dev.gma.cli.StatusReport;
import dev.gma.schema.TableSchema;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code gma} on the local store ($GMA_DATA_DIR/gma.db), the one the services write (WAL mode: safe
 * while they run). A replay moves dead letters into events in one transaction per letter batch.
 */
public final class SqliteOperatorStore implements DeadLetters {

    private static final int BATCH = 100;
    private final SqliteDatabase db;

    public SqliteOperatorStore(Path dataDir) {
        Path file = dataDir.resolve("gma.db");
        if (!Files.exists(file)) {
            throw new IllegalStateException("no local store at " + file + " (set GMA_DATA_DIR, or start bin/run-local once)");
        }
        this.db = SqliteDatabase.open(file);
    }

    public StatusReport status(Instant now) throws SQLException {
        Instant since = now.minusSeconds(24 * 3600);
        String bound = SqliteRows.timestamp(since);
        try (Connection c = db.connect()) {
            Map<String, Long> events = counts(c, "events_by_type", bound);
            long failures = single(c, "publish_failures", bound);
            long dead = single(c, "dead_letters_waiting", null);
            Map<String, String> checkpoint = null;
            try (PreparedStatement ps = c.prepareStatement(Sql.load("last_checkpoint")); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    checkpoint = Map.of("delivery_id", String.valueOf(rs.getString(1)), "created", String.valueOf(rs.getString(2)));
                }
            }
            return new StatusReport(since, events, failures, dead, checkpoint,
                    counts(c, "redeliveries_by_outcome", bound), counts(c, "leech_by_status", bound));
        }
    }

    @Override
    public List<Letter> list(int limit) throws SQLException {
        List<Letter> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(Sql.load("dead_letters_list"))) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Letter(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getString(4)));
                }
            }
        }
        return out;
    }

    @Override
    public ReplaySummary replay(int limit, String deliveryId, Consumer<String> progress) throws SQLException {
        int replayed = 0;
        int alreadyStored = 0;
        while (replayed + alreadyStored < limit) {
            int[] batch = moveBatch(Math.min(BATCH, limit - replayed - alreadyStored), deliveryId);
            if (batch[0] + batch[1] == 0) {
                break;
            }
            replayed += batch[0];
            alreadyStored += batch[1];
            progress.accept(String.format("replayed %d, already stored %d", replayed, alreadyStored));
        }
        return new ReplaySummary(replayed, alreadyStored, 0, 0);
    }

    /** One transaction: copy each letter to events unless already there, then delete it. */
    private int[] moveBatch(int size, String deliveryId) throws SQLException {
        String columns = String.join(", ", TableSchema.load("events").columnNames());
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            int moved = 0;
            int present = 0;
            try (PreparedStatement pick = c.prepareStatement(Sql.load("dead_letters_to_replay"));
                    PreparedStatement stored = c.prepareStatement(Sql.load("event_already_stored"));
                    PreparedStatement copy = c.prepareStatement(
                            "INSERT INTO events (" + columns + ") SELECT " + columns + " FROM dead_letter_events WHERE rowid = ?");
                    PreparedStatement delete = c.prepareStatement("DELETE FROM dead_letter_events WHERE rowid = ?")) {
                pick.setInt(1, size);
                pick.setString(2, deliveryId);
                List<Object[]> letters = new ArrayList<>();
                try (ResultSet rs = pick.executeQuery()) {
                    while (rs.next()) {
                        letters.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)});
                    }
                }
                for (Object[] letter : letters) {
                    stored.setString(1, (String) letter[1]);
                    stored.setString(2, (String) letter[2]);
                    boolean there;
                    try (ResultSet rs = stored.executeQuery()) {
                        there = rs.next();
                    }
                    if (there) {
                        present++;
                    } else {
                        copy.setLong(1, (Long) letter[0]);
                        copy.executeUpdate();
                        moved++;
                    }
                    delete.setLong(1, (Long) letter[0]);
                    delete.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            return new int[] {moved, present};
        }
    }

    private static Map<String, Long> counts(Connection c, String statement, String bound) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(Sql.load(statement))) {
            ps.setString(1, bound);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(String.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private static long single(Connection c, String statement, String bound) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(Sql.load(statement))) {
            if (bound != null) {
                ps.setString(1, bound);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
