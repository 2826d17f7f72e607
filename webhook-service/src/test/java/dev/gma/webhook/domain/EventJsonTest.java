package dev.gma.webhook.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.UnsafeByteOperations;
import dev.gma.proto.v1.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The direct encoder against protobuf's JsonFormat (what the topic's consumers parse): the same
 * JSON document and the same event read back, for every field and awkward payloads.
 */
class EventJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyFieldOfTheMessageIsWrittenAsJsonFormatWritesIt() throws Exception {
        Event.Builder b = Event.newBuilder();
        long n = 1;
        for (FieldDescriptor f : Event.getDescriptor().getFields()) {
            if (f.getName().equals("payload")) {
                continue;
            }
            switch (f.getJavaType()) {
                case STRING -> b.setField(f, f.getName() + "-value");
                case LONG -> b.setField(f, Long.MAX_VALUE - n++);
                default -> throw new AssertionError("EventJson does not write " + f.getJavaType() + " field " + f.getName());
            }
        }
        assertSameAsJsonFormat(b.build(), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unsetOptionalFieldsAndEmptyStringsAreLeftOutAndEmptyOptionalStringsKept() throws Exception {
        assertSameAsJsonFormat(Event.newBuilder().setDeliveryId("d").build(), null);
        assertSameAsJsonFormat(Event.newBuilder().setDeliveryId("d").setAction("").setInstallationId(0).build(), new byte[0]);
    }

    @Test
    void payloadsWithQuotesControlCharactersAndNonAsciiTextSurviveTheRoundTrip() throws Exception {
        for (String text : List.of("{\"q\":\"a \\\"quoted\\\" \\\\ word\"}", "{\"t\":\"tab\tnew\nline\u0001\u001f\"}",
                "{\"u\":\"é 漢字 \uD83D\uDE80 \u2028 <script>&'=\"}")) {
            assertSameAsJsonFormat(Event.newBuilder().setDeliveryId("d").setEvent("issues").build(),
                    text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void malformedUtf8BecomesReplacementCharactersAsTheProtoStringFieldReadsIt() throws Exception {
        byte[] bad = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, '"', (byte) 0xFF, '}'};
        Event event = Event.newBuilder().setDeliveryId("d").build();
        // JsonFormat refuses such a message outright; the encoder writes what the string field holds.
        Event read = EventMessages.fromJson(EventJson.encode(event, bad));
        assertThat(read).isEqualTo(event.toBuilder().setPayload(new String(bad, StandardCharsets.UTF_8)).build());
        assertThat(read.getPayload()).contains("\uFFFD");
    }

    private static void assertSameAsJsonFormat(Event event, byte[] payload) throws Exception {
        Event whole = payload == null ? event
                : event.toBuilder().setPayloadBytes(UnsafeByteOperations.unsafeWrap(payload)).build();
        byte[] ours = EventJson.encode(event, payload);
        byte[] reference = EventMessages.toJson(whole);
        assertThat(JSON.readTree(ours)).isEqualTo(JSON.readTree(reference));
        assertThat(EventMessages.fromJson(ours)).isEqualTo(EventMessages.fromJson(reference));
    }
}
