package dev.gma.webhook.local;

import dev.gma.proto.v1.Event;
import dev.gma.store.sqlite.BatchingWriter;
import dev.gma.store.sqlite.SqliteRows;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.EventPublisher;
import dev.gma.webhook.domain.FailureLog;
import dev.gma.webhook.domain.Payload;
import dev.gma.webhook.domain.PublishException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local adapter of all three ports: events, failures and dead letters are rows of the
 * SQLite store, written through the group-commit writer. A publish completes only after its row
 * is committed, so a 201 in local mode means the event is on disk; failures and dead letters
 * return only after theirs.
 */
public class SqliteEventStore implements EventPublisher, FailureLog, DeadLetterPublisher {

    private final BatchingWriter writer;
    private final Duration timeout;
    private final Path payloadDir;
    private final long maxInlineBytes;
    /** Where a payload too large to inline is written to its file (an fsync): never the caller's event loop. */
    private final Executor blocking;
    /** The writer's statements, prepared once per shape; used only on the writer thread. */
    private final SqliteRows.Inserts inserts = new SqliteRows.Inserts();

    /**
     * @param payloadDir     where payloads larger than {@code maxInlineBytes} are kept whole (the
     *                       local twin of the GCP payload bucket); their row carries payload_uri
     * @param blocking       runs the file write of such a payload, which blocks
     */
    public SqliteEventStore(BatchingWriter writer, Duration timeout, Path payloadDir, long maxInlineBytes,
                            Executor blocking) {
        this.writer = writer;
        this.timeout = timeout;
        this.payloadDir = payloadDir;
        this.maxInlineBytes = maxInlineBytes;
        this.blocking = blocking;
    }

    /**
     * Completes on the writer thread once the row is committed: callers must not do long work in
     * a plain continuation (it would delay the next group commit).
     */
    @Override
    public CompletableFuture<Void> publish(Event event, Payload payload) {
        if (payload.size() > maxInlineBytes) {
            return PublishException.offload(() -> row(event, payload), blocking).thenCompose(this::storeEvent);
        }
        try {
            return storeEvent(row(event, payload));
        } catch (PublishException e) {
            return PublishException.failed(e);
        }
    }

    private CompletableFuture<Void> storeEvent(Map<String, Object> row) {
        return PublishException.within(writer.submit(c -> inserts.insert(c, "events", row)), timeout, "storing the event");
    }

    @Override
    public void deadLetter(Event event, Payload payload, String lastError) throws PublishException {
        Map<String, Object> row = row(event, payload);
        PublishException.await(writer.submit(c -> inserts.insert(c, "dead_letter_events", row)), timeout, "storing the dead letter");
    }

    /**
     * The event's columns plus its payload: small payloads inline (UTF-8 bytes that SqliteRows
     * binds as text, never decoded into a String), large ones kept whole as a file (payload_uri),
     * like the GCP payload bucket.
     */
    private Map<String, Object> row(Event event, Payload payload) throws PublishException {
        Map<String, Object> row = row(event);
        try {
            if (payload.size() <= maxInlineBytes) {
                row.put("payload", payload.bytes());
            } else {
                Path file = payloadDir.resolve(event.getDeliveryId().replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
                payload.moveTo(file);
                row.put("payload_uri", file.toUri().toString());
            }
            return row;
        } catch (IOException e) {
            throw new PublishException("keeping the payload failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int recordFailure(String deliveryId, String error, Instant at) throws PublishException {
        AtomicInteger attempts = new AtomicInteger();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("delivery_id", deliveryId);
        row.put("created", at);
        row.put("error", error);
        PublishException.await(writer.submit(c -> {
            inserts.insert(c, "failure_events", row);
            try (PreparedStatement count = c.prepareStatement(
                    "SELECT COUNT(*) FROM failure_events WHERE delivery_id = ?")) {
                count.setString(1, deliveryId);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    attempts.set(rs.getInt(1));
                }
            }
        }), timeout, "recording the failure");
        return attempts.get();
    }

    /**
     * Column values by proto field name; unset optional fields and empty strings stay NULL.
     * Written out field by field: protobuf's reflective getters were a tenth of the request's
     * Java samples. {@code SqliteEventStoreRowTest} holds it to the reflective mapping for every field.
     */
    static Map<String, Object> row(Event e) {
        Map<String, Object> row = new LinkedHashMap<>();
        text(row, "delivery_id", e.getDeliveryId());
        text(row, "signature", e.getSignature());
        text(row, "received", e.getReceived());
        text(row, "event", e.getEvent());
        text(row, "payload", e.getPayload());
        if (e.hasPayloadUri()) row.put("payload_uri", e.getPayloadUri());
        if (e.hasAction()) row.put("action", e.getAction());
        if (e.hasInstallationId()) row.put("installation_id", e.getInstallationId());
        if (e.hasHookId()) row.put("hook_id", e.getHookId());
        if (e.hasEnterpriseId()) row.put("enterprise_id", e.getEnterpriseId());
        if (e.hasEnterpriseName()) row.put("enterprise_name", e.getEnterpriseName());
        if (e.hasOrganizationId()) row.put("organization_id", e.getOrganizationId());
        if (e.hasOrganizationName()) row.put("organization_name", e.getOrganizationName());
        if (e.hasRepositoryId()) row.put("repository_id", e.getRepositoryId());
        if (e.hasRepositoryFullName()) row.put("repository_full_name", e.getRepositoryFullName());
        if (e.hasSenderLogin()) row.put("sender_login", e.getSenderLogin());
        if (e.hasSource()) row.put("source", e.getSource());
        row.put("received", storedTimestamp(e.getReceived()));
        return row;
    }

    private static void text(Map<String, Object> row, String column, String value) {
        if (!value.isEmpty()) {
            row.put(column, value);
        }
    }

    /**
     * The store's fixed-width timestamp (six fraction digits) of an RFC 3339 UTC instant as
     * {@link Instant#toString()} writes it ({@code 2026-01-02T03:04:05Z}, {@code ...05.120Z},
     * {@code ...05.123456Z}): digits moved, not parsed; anything else goes through the parser.
     */
    static String storedTimestamp(String r) {
        int n = r.length();
        if (n >= 20 && r.charAt(4) == '-' && r.charAt(7) == '-' && r.charAt(10) == 'T' && r.charAt(13) == ':'
                && r.charAt(16) == ':' && r.charAt(n - 1) == 'Z' && digits(r, 0, 4)) {
            if (n == 20) {
                return r.substring(0, 19) + ".000000Z";
            }
            int fraction = n - 21;
            if (r.charAt(19) == '.' && fraction >= 1 && fraction <= 6 && digits(r, 20, n - 1)) {
                return r.substring(0, n - 1) + "000000".substring(fraction) + "Z";
            }
        }
        return SqliteRows.timestamp(Instant.parse(r));
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

}
