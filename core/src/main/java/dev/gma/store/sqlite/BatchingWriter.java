package dev.gma.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the local store: one writer thread takes every write waiting in the queue
 * and commits them in one transaction, so each caller still waits for a durable commit but the
 * fsync is paid once per batch instead of once per row. A write that fails is isolated: the
 * batch is rolled back and replayed one write per transaction, so only the bad one fails.
 */
public final class BatchingWriter implements AutoCloseable {

    /** One unit of work run inside the writer's transaction. */
    @FunctionalInterface
    public interface Write {
        void apply(Connection connection) throws SQLException;
    }

    private record Pending(Write write, CompletableFuture<Void> done) {}

    private static final Logger LOG = LoggerFactory.getLogger(BatchingWriter.class);
    private static final Pending STOP = new Pending(c -> { }, new CompletableFuture<>());

    private final SqliteDatabase database;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    public BatchingWriter(SqliteDatabase database, int maxBatch) {
        this.database = database;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, "sqlite-writer");
        this.thread.start();
    }

    /** Queues a write; the future completes once it is committed, or fails with its error. */
    public CompletableFuture<Void> submit(Write write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the local store writer is closed"));
            return done;
        }
        queue.add(new Pending(write, done));
        return done;
    }

    /** Commits everything already queued, then stops the writer thread. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Connection connection = null;
        try {
            connection = database.connect();
            while (true) {
                List<Pending> batch = nextBatch();
                boolean stop = batch.remove(STOP);
                commit(connection, batch);
                if (stop) {
                    break;
                }
            }
        } catch (SQLException e) {
            LOG.error("local store writer cannot open {}: {}", database.file(), e.getMessage());
            failAll(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failAll(e);
        } finally {
            closeQuietly(connection);
        }
    }

    private List<Pending> nextBatch() throws InterruptedException {
        List<Pending> batch = new ArrayList<>();
        batch.add(queue.take());
        queue.drainTo(batch, maxBatch - 1);
        return batch;
    }

    private void commit(Connection c, List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            SqliteTransaction.run(c, tx -> {
                for (Pending p : batch) {
                    p.write().apply(tx);
                }
            });
            batch.forEach(p -> p.done().complete(null));
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(e);
            } else {
                batch.forEach(p -> commit(c, new ArrayList<>(List.of(p))));
            }
        }
    }

    private void failAll(Exception cause) {
        closed = true;
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(p -> p.done().completeExceptionally(cause));
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.warn("closing the local store writer: {}", e.getMessage());
            }
        }
    }
}
