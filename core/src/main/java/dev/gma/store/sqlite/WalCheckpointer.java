package dev.gma.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed WAL frames into the database file on its own thread and connection, so the
 * group-commit writer does not stop committing while a checkpoint writes and syncs the database
 * file (SQLite's automatic checkpoint runs inside the commit that crosses its threshold).
 *
 * <p>Checkpoints are PASSIVE: they never block the writer or a reader. A passive checkpoint
 * cannot rewind the WAL while the writer keeps appending, so the writer keeps an automatic
 * checkpoint at {@link #WRITER_AUTOCHECKPOINT_PAGES}: when the log reaches it, the writer's own
 * checkpoint finds almost every frame already copied, finishes the rest and lets the next commit
 * start the log from the beginning. That is also the bound on the WAL if this thread fails.
 */
final class WalCheckpointer implements AutoCloseable {

    /** The writer's automatic checkpoint: 10,000 pages (40 MiB at 4 KiB pages) bounds the WAL. */
    static final int WRITER_AUTOCHECKPOINT_PAGES = 10_000;

    /** At most one checkpoint per this many milliseconds: each one syncs the database file. */
    private static final long MIN_INTERVAL_MILLIS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final SqliteDatabase database;
    private final Semaphore commits = new Semaphore(0);
    private final AtomicLong checkpoints = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    WalCheckpointer(SqliteDatabase database) {
        this.database = database;
        this.thread = new Thread(this::run, "sqlite-checkpointer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Sets the writer connection's automatic checkpoint to the backstop threshold. */
    static void configureWriter(Connection writer) throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint=" + WRITER_AUTOCHECKPOINT_PAGES);
        }
    }

    /** Called by the writer after each commit: there are frames to copy. */
    void committed() {
        commits.release();
    }

    /** Checkpoints run so far (for tests and diagnostics). */
    long checkpoints() {
        return checkpoints.get();
    }

    @Override
    public void close() {
        closed = true;
        commits.release();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            while (!closed) {
                commits.tryAcquire(1, TimeUnit.SECONDS);
                commits.drainPermits();
                if (!closed) {
                    checkpoint(s);
                    Thread.sleep(MIN_INTERVAL_MILLIS);
                }
            }
        } catch (SQLException e) {
            LOG.warn("the WAL checkpointer stopped ({}); the writer's own checkpoints keep the log bounded",
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkpoint(Statement s) {
        try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            checkpoints.incrementAndGet();
        } catch (SQLException e) {
            LOG.debug("a WAL checkpoint did not run: {}", e.getMessage());
        }
    }
}
