package dev.gma.webhook.local;

import com.google.protobuf.Descriptors.FieldDescriptor;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local adapter of all three ports: events, failures and dead letters are rows of the
 * SQLite store, written through the group-commit writer. A call returns only after its row is
 * committed, so a 201 in local mode means the event is on disk.
 */
public class SqliteEventStore implements EventPublisher, FailureLog, DeadLetterPublisher {

    private final BatchingWriter writer;
    private final Duration timeout;
    private final Path payloadDir;
    private final long maxInlineBytes;

    /**
     * @param payloadDir     where payloads larger than {@code maxInlineBytes} are kept whole (the
     *                       local twin of the GCP payload bucket); their row carries payload_uri
     */
    public SqliteEventStore(BatchingWriter writer, Duration timeout, Path payloadDir, long maxInlineBytes) {
        this.writer = writer;
        this.timeout = timeout;
        this.payloadDir = payloadDir;
        this.maxInlineBytes = maxInlineBytes;
    }

    @Override
    public void publish(Event event, Payload payload) throws PublishException {
        Map<String, Object> row = row(event, payload);
        PublishException.await(writer.submit(c -> SqliteRows.insert(c, "events", row)), timeout, "storing the event");
    }

    @Override
    public void deadLetter(Event event, Payload payload, String lastError) throws PublishException {
        Map<String, Object> row = row(event, payload);
        PublishException.await(writer.submit(c -> SqliteRows.insert(c, "dead_letter_events", row)), timeout, "storing the dead letter");
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
            SqliteRows.insert(c, "failure_events", row);
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

    /** Column values by proto field name; unset optional fields and an empty payload stay NULL. */
    static Map<String, Object> row(Event event) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (FieldDescriptor field : Event.getDescriptor().getFields()) {
            boolean present = field.hasPresence() ? event.hasField(field) : !"".equals(event.getField(field));
            if (present) {
                row.put(field.getName(), event.getField(field));
            }
        }
        row.put("received", SqliteRows.timestamp(Instant.parse(event.getReceived())));
        return row;
    }

}
