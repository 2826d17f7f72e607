package dev.gma.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.schema.TableSchema;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import dev.gma.store.sqlite.SqliteTransaction;
import dev.gma.testing.Await;
import dev.gma.testing.PubSubEmulator;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays the BigQuery subscriptions of the GCP deployment: pulls the events topic's and the
 * dead-letter topic's subscriptions and writes each message's fields (proto field names are the
 * column names) into the local store's {@code events} and {@code dead_letter_events} tables, in
 * one transaction per pull, acknowledging only what was committed. Runs on its own thread.
 */
final class EventPump implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableSchema EVENTS = TableSchema.load("events");
    private static final int MAX_PER_PULL = 500;

    private final PubSubEmulator emulator;
    private final SqliteDatabase store;
    private final Map<String, String> tableBySubscription;
    private final Thread thread;
    private final AtomicLong cycle = new AtomicLong();
    private final AtomicLong drainedAt = new AtomicLong(-1);
    private final AtomicLong pumped = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stopped;

    /** @param tableBySubscription which table each subscription's messages go to */
    EventPump(PubSubEmulator emulator, SqliteDatabase store, Map<String, String> tableBySubscription) {
        this.emulator = emulator;
        this.store = store;
        this.tableBySubscription = Map.copyOf(tableBySubscription);
        this.thread = new Thread(this::loop, "event-pump");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Waits until two consecutive pulls of every subscription, both begun after this call, found nothing. */
    void awaitDrained(Duration timeout) throws Exception {
        long after = cycle.get();
        Await.until(() -> failure.get() != null || drainedAt.get() >= after + 2, timeout, Duration.ofMillis(10),
                () -> "the subscriptions drained");
        throwIfFailed();
    }

    long pumped() {
        return pumped.get();
    }

    @Override
    public void close() throws Exception {
        stopped = true;
        thread.join(30_000);
        throwIfFailed();
    }

    private void throwIfFailed() throws Exception {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("the event pump failed: " + e, e);
        }
    }

    private void loop() {
        try {
            int emptyInARow = 0;
            while (!stopped) {
                long current = cycle.incrementAndGet();
                int moved = 0;
                for (Map.Entry<String, String> s : tableBySubscription.entrySet()) {
                    moved += pumpOnce(s.getKey(), s.getValue());
                }
                emptyInARow = moved == 0 ? emptyInARow + 1 : 0;
                if (emptyInARow >= 2) {
                    drainedAt.set(current); // this cycle and the one before found nothing
                }
                if (moved == 0) {
                    Thread.sleep(20);
                }
            }
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private int pumpOnce(String subscription, String table) throws IOException, InterruptedException, SQLException {
        List<PubSubEmulator.Message> messages = emulator.pull(subscription, MAX_PER_PULL);
        if (messages.isEmpty()) {
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>(messages.size());
        for (PubSubEmulator.Message m : messages) {
            rows.add(row(JSON.readTree(m.data())));
        }
        try (Connection c = store.connect()) {
            SqliteTransaction.run(c, tx -> {
                for (Map<String, Object> row : rows) {
                    SqliteRows.insert(tx, table, row);
                }
            });
        }
        emulator.acknowledge(subscription, messages);
        pumped.addAndGet(messages.size());
        return messages.size();
    }

    /** The message's fields as column values; proto3 JSON carries int64 as strings. */
    static Map<String, Object> row(JsonNode message) {
        Map<String, Object> row = new LinkedHashMap<>();
        message.fields().forEachRemaining(field -> {
            String column = field.getKey();
            JsonNode value = field.getValue();
            if (!EVENTS.hasColumn(column) || value.isNull()) {
                return;
            }
            if ("received".equals(column)) {
                row.put(column, Instant.parse(value.asText()));
            } else if (value.isIntegralNumber()) {
                row.put(column, value.asLong());
            } else if (value.isTextual()) {
                row.put(column, value.asText());
            } else {
                row.put(column, value.toString());
            }
        });
        return row;
    }
}
