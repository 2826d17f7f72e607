package dev.gma.webhook.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.gma.proto.v1.Event;
import dev.gma.store.sqlite.SqliteRows;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The written-out row mapping against the reflective one it replaced, for every field of the message. */
class SqliteEventStoreRowTest {

    @Test
    void everyFieldOfTheMessageBecomesTheColumnOfItsName() {
        Event.Builder b = Event.newBuilder();
        long n = 1;
        for (FieldDescriptor f : Event.getDescriptor().getFields()) {
            switch (f.getJavaType()) {
                case STRING -> b.setField(f, f.getName().equals("received") ? "2026-11-30T01:02:03.456789Z" : f.getName() + "-v");
                case LONG -> b.setField(f, 1000 + n++);
                default -> throw new AssertionError("the row mapping does not know " + f.getJavaType() + " field " + f.getName());
            }
        }
        assertThat(SqliteEventStore.row(b.build())).containsExactlyEntriesOf(reflective(b.build()));
    }

    @Test
    void unsetOptionalFieldsAndEmptyStringsStayNull() {
        Event e = Event.newBuilder().setDeliveryId("d").setReceived("2026-11-30T01:02:03Z").setAction("").build();
        assertThat(SqliteEventStore.row(e)).containsExactlyEntriesOf(reflective(e));
    }

    @Test
    void receivedBecomesTheFixedWidthTimestampWhateverTheFractionInstantToStringWrote() {
        Instant base = Instant.parse("2026-11-30T01:02:03Z");
        for (Instant at : List.of(base, base.plusMillis(120), base.plusNanos(123_456_000), base.plusNanos(1_000),
                base.plusNanos(100_000), Instant.parse("0999-01-01T00:00:00.5Z"))) {
            String received = at.truncatedTo(ChronoUnit.MICROS).toString();
            assertThat(SqliteEventStore.storedTimestamp(received)).as(received).isEqualTo(SqliteRows.timestamp(at));
        }
        assertThat(SqliteEventStore.storedTimestamp("2026-11-30T01:02:03.123456789Z")).isEqualTo("2026-11-30T01:02:03.123456Z");
    }

    /** The mapping as it was: proto reflection over the descriptor. */
    private static Map<String, Object> reflective(Event event) {
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
