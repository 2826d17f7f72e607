package dev.gma.backfill.store;

import dev.gma.backfill.model.Checkpoint;
import dev.gma.backfill.model.EventRow;
import dev.gma.backfill.model.RepoStatus;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import dev.gma.store.sqlite.SqliteTransaction;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Local mode: events go into {@code $GMA_DATA_DIR/gma.db} exactly as the webhook service stores
 * them (same table, same columns, {@code source = 'backfill'}); the page's events and the
 * checkpoint past them are one transaction. The pipeline's own tables, {@code backfill_checkpoint}
 * (one row per repository and since) and {@code backfill_status} (one row per repository and launch),
 * are created here.
 */
public final class SqliteBackfillStore implements BackfillStore {

    static final String CHECKPOINT_DDL = "CREATE TABLE IF NOT EXISTS backfill_checkpoint ("
            + "repository_full_name TEXT NOT NULL, since TEXT NOT NULL, phase TEXT NOT NULL, next_url TEXT, "
            + "events INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (repository_full_name, since))";
    static final String STATUS_DDL = "CREATE TABLE IF NOT EXISTS backfill_status ("
            + "repository_full_name TEXT NOT NULL, installation_id INTEGER, since TEXT NOT NULL, status TEXT NOT NULL, "
            + "events INTEGER NOT NULL, pages INTEGER NOT NULL, error TEXT, finished_at TEXT NOT NULL)";

    private final SqliteDatabase database;
    private final Clock clock;
    private Connection connection;

    public SqliteBackfillStore(Path dataDir, Clock clock) {
        this.database = SqliteDatabase.openInDataDir(dataDir);
        this.clock = clock;
        try {
            this.connection = database.connect();
            try (Statement s = connection.createStatement()) {
                s.execute(CHECKPOINT_DDL);
                s.execute(STATUS_DDL);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the backfill tables in " + database.file() + ": "
                    + e.getMessage(), e);
        }
    }

    public static Factory factory(Path dataDir) {
        String dir = dataDir.toString();
        return () -> new SqliteBackfillStore(Path.of(dir), Clock.systemUTC());
    }

    @Override
    public Optional<Checkpoint> checkpoint(String repository, String since) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT phase, next_url, events FROM "
                + "backfill_checkpoint WHERE repository_full_name = ? AND since = ?")) {
            ps.setString(1, repository);
            ps.setString(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Checkpoint(repository, since, Checkpoint.Phase.valueOf(rs.getString(1)),
                        rs.getString(2), rs.getLong(3)));
            }
        }
    }

    @Override
    public void writePage(List<EventRow> events, Checkpoint next) throws SQLException {
        Instant received = clock.instant().truncatedTo(ChronoUnit.MICROS);
        SqliteTransaction.run(connection, tx -> {
            for (EventRow event : events) {
                SqliteRows.insert(tx, "events", event.toRow(received));
            }
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO backfill_checkpoint "
                    + "(repository_full_name, since, phase, next_url, events, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (repository_full_name, since) DO UPDATE SET phase = excluded.phase, "
                    + "next_url = excluded.next_url, events = excluded.events, updated_at = excluded.updated_at")) {
                ps.setString(1, next.repository());
                ps.setString(2, next.since());
                ps.setString(3, next.phase().name());
                ps.setString(4, next.nextUrl());
                ps.setLong(5, next.events());
                ps.setString(6, SqliteRows.timestamp(received));
                ps.executeUpdate();
            }
        });
    }

    /** Appends status rows in one transaction. */
    public void writeStatuses(List<RepoStatus> statuses) throws SQLException {
        SqliteTransaction.run(connection, tx -> {
            for (RepoStatus status : statuses) {
                try (PreparedStatement ps = tx.prepareStatement("INSERT INTO backfill_status (repository_full_name, "
                        + "installation_id, since, status, events, pages, error, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, status.repository());
                    ps.setLong(2, status.installationId());
                    ps.setString(3, status.since());
                    ps.setString(4, status.status());
                    ps.setLong(5, status.events());
                    ps.setLong(6, status.pages());
                    ps.setString(7, status.error());
                    ps.setString(8, SqliteRows.timestamp(status.finishedAt()));
                    ps.executeUpdate();
                }
            }
        });
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing uncommitted is held
        }
    }
}
