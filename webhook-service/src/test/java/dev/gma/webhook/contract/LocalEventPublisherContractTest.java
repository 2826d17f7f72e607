package dev.gma.webhook.contract;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.gma.proto.v1.Event;
import dev.gma.store.sqlite.BatchingWriter;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.EventPublisher;
import dev.gma.webhook.local.SqliteEventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class LocalEventPublisherContractTest extends EventPublisherContract {

    @TempDir Path dir;
    private SqliteDatabase db;
    private BatchingWriter writer;
    private SqliteEventStore store;

    @BeforeEach
    void open() {
        db = SqliteDatabase.openInDataDir(dir);
        writer = new BatchingWriter(db, 64);
        store = new SqliteEventStore(writer, Duration.ofSeconds(10), dir.resolve("payloads"), 8_000_000,
                Runnable::run);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    @Override
    protected EventPublisher publisher() {
        return store;
    }

    @Override
    protected DeadLetterPublisher deadLetters() {
        return store;
    }

    @Override
    protected List<Event> publishedEvents(Collection<String> awaited) throws SQLException {
        return read("events");
    }

    @Override
    protected List<Event> deadLetteredEvents(Collection<String> awaited) throws SQLException {
        return read("dead_letter_events");
    }

    // The local store has written the row before publish()'s future completes: nothing to wait for.

    /** Rows back into events, column by proto field name; timestamps back to RFC 3339. */
    private List<Event> read(String table) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + table)) {
            while (rs.next()) {
                Event.Builder b = Event.newBuilder();
                for (FieldDescriptor f : Event.getDescriptor().getFields()) {
                    Object value = rs.getObject(f.getName());
                    if (value != null) {
                        b.setField(f, f.getJavaType() == FieldDescriptor.JavaType.LONG ? ((Number) value).longValue()
                                : value.toString());
                    }
                }
                b.setReceived(Instant.parse(rs.getString("received")).toString());
                events.add(b.build());
            }
        }
        return events;
    }
}
