package dev.gma.webhook.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.proto.v1.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryHandlerTest {

    private final List<Event> published = new ArrayList<>();
    private final List<Event> deadLettered = new ArrayList<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private boolean publishFails;
    private boolean deadLetterFails;

    private final EventPublisher publisher = (event, payload) -> {
        if (publishFails) {
            throw new PublishException("topic unavailable");
        }
        published.add(event);
    };
    private final FailureLog failureLog = (id, error, at) -> failures.merge(id, 1, Integer::sum);
    private final DeadLetterPublisher deadLetters = (event, payload, error) -> {
        if (deadLetterFails) {
            throw new PublishException("dlq unavailable");
        }
        deadLettered.add(event);
    };
    private final DeliveryHandler handler = new DeliveryHandler(publisher, failureLog, deadLetters, 3,
            Clock.fixed(Instant.parse("2026-11-22T10:00:00.123456789Z"), ZoneOffset.UTC));

    @Test
    void publishesTheEventWithHeadersEnrichmentAndMicrosecondReceivedTime() throws Exception {
        assertThat(handler.handle(delivery("d-1"), enrichment())).isEqualTo(Outcome.STORED);

        Event event = published.get(0);
        assertThat(event.getDeliveryId()).isEqualTo("d-1");
        assertThat(event.getEvent()).isEqualTo("issues");
        assertThat(event.getHookId()).isEqualTo(42L);
        assertThat(event.getReceived()).isEqualTo("2026-11-22T10:00:00.123456Z");
        assertThat(event.getPayload()).as("payload is the publisher's to inline or claim-check").isEmpty();
        assertThat(event.getRepositoryFullName()).isEqualTo("octo-org/hello-world");
        assertThat(event.hasEnterpriseId()).isFalse();
    }

    @Test
    void failedPublishIsRecordedAndAnsweredAsFailureUntilTheLimitThenDeadLettered() throws Exception {
        publishFails = true;
        assertThat(handler.handle(delivery("d-2"), enrichment())).isEqualTo(Outcome.FAILED);
        assertThat(handler.handle(delivery("d-2"), enrichment())).isEqualTo(Outcome.FAILED);
        assertThat(handler.handle(delivery("d-2"), enrichment())).isEqualTo(Outcome.DEAD_LETTERED);

        assertThat(failures).containsEntry("d-2", 3);
        assertThat(deadLettered).extracting(Event::getDeliveryId).containsExactly("d-2");
        assertThat(published).isEmpty();
    }

    @Test
    void aDeadLetterThatCannotBeWrittenIsAnErrorNotASilentLoss() {
        publishFails = true;
        deadLetterFails = true;
        failures.put("d-3", 2);
        assertThatThrownBy(() -> handler.handle(delivery("d-3"), enrichment()))
                .isInstanceOf(PublishException.class).hasMessageContaining("dlq unavailable");
    }

    @Test
    void eventRoundTripsThroughTheTopicEncodingWithProtoFieldNames() throws Exception {
        handler.handle(delivery("d-4"), enrichment());
        Event withPayload = published.get(0).toBuilder().setPayload("{\"zen\":\"<&>\"}").build();
        String json = new String(EventMessages.toJson(withPayload), StandardCharsets.UTF_8);

        assertThat(json).contains("\"delivery_id\":\"d-4\"", "\"repository_full_name\":\"octo-org/hello-world\"");
        assertThat(EventMessages.fromJson(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(withPayload);
    }

    private static Delivery delivery(String id) {
        return new Delivery(id, "issues", "sha256=00", "42", BodySpool.of("{}".getBytes(StandardCharsets.UTF_8)));
    }

    private static Enrichment enrichment() {
        return new Enrichment("opened", 7L, null, null, 9L, "octo-org", 11L, "octo-org/hello-world", "octocat");
    }
}
