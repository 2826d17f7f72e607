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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryHandlerTest {

    private final List<Event> published = new ArrayList<>();
    private final List<Event> deadLettered = new ArrayList<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private boolean publishFails;
    private boolean deadLetterFails;

    /** When set, publish answers with this future instead of completing at once. */
    private CompletableFuture<Void> pending;
    private final List<String> failurePathThreads = new ArrayList<>();

    private final EventPublisher publisher = (event, payload) -> {
        if (pending != null) {
            published.add(event);
            return pending;
        }
        if (publishFails) {
            return PublishException.failed(new PublishException("topic unavailable"));
        }
        published.add(event);
        return CompletableFuture.completedFuture(null);
    };
    private final FailureLog failureLog = (id, error, at) -> {
        failurePathThreads.add(Thread.currentThread().getName());
        return failures.merge(id, 1, Integer::sum);
    };
    private final DeadLetterPublisher deadLetters = (event, payload, error) -> {
        if (deadLetterFails) {
            throw new PublishException("dlq unavailable");
        }
        deadLettered.add(event);
    };
    private final DeliveryHandler handler = new DeliveryHandler(publisher, failureLog, deadLetters, 3,
            Clock.fixed(Instant.parse("2026-11-22T10:00:00.123456789Z"), ZoneOffset.UTC), Runnable::run);

    @Test
    void publishesTheEventWithHeadersEnrichmentAndMicrosecondReceivedTime() throws Exception {
        assertThat(handler.handle(delivery("d-1"), enrichment()).join()).isEqualTo(Outcome.STORED);

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
        assertThat(handler.handle(delivery("d-2"), enrichment()).join()).isEqualTo(Outcome.FAILED);
        assertThat(handler.handle(delivery("d-2"), enrichment()).join()).isEqualTo(Outcome.FAILED);
        assertThat(handler.handle(delivery("d-2"), enrichment()).join()).isEqualTo(Outcome.DEAD_LETTERED);

        assertThat(failures).containsEntry("d-2", 3);
        assertThat(deadLettered).extracting(Event::getDeliveryId).containsExactly("d-2");
        assertThat(published).isEmpty();
    }

    @Test
    void aDeadLetterThatCannotBeWrittenIsAnErrorNotASilentLoss() {
        publishFails = true;
        deadLetterFails = true;
        failures.put("d-3", 2);
        assertThatThrownBy(() -> PublishException.join(handler.handle(delivery("d-3"), enrichment())))
                .isInstanceOf(PublishException.class).hasMessageContaining("dlq unavailable");
    }

    @Test
    void eventRoundTripsThroughTheTopicEncodingWithProtoFieldNames() throws Exception {
        handler.handle(delivery("d-4"), enrichment()).join();
        Event withPayload = published.get(0).toBuilder().setPayload("{\"zen\":\"<&>\"}").build();
        String json = new String(EventMessages.toJson(withPayload), StandardCharsets.UTF_8);

        assertThat(json).contains("\"delivery_id\":\"d-4\"", "\"repository_full_name\":\"octo-org/hello-world\"");
        assertThat(EventMessages.fromJson(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(withPayload);
    }

    @Test
    void theOutcomeWaitsForThePublishWithoutBlockingTheCaller() {
        pending = new CompletableFuture<>();
        CompletableFuture<Outcome> outcome = handler.handle(delivery("d-5"), enrichment());

        assertThat(outcome).as("handle returns before the publish completes").isNotDone();
        pending.complete(null);
        assertThat(outcome).isCompletedWithValue(Outcome.STORED);
    }

    /**
     * The failure row and the dead letter are blocking writes: they run on the failure-path
     * executor, not on the thread that failed the publish (the SQLite writer, a Pub/Sub callback).
     */
    @Test
    void aFailedPublishIsRecordedOnTheFailurePathExecutorNotOnTheCompletingThread() throws Exception {
        ExecutorService failurePath = Executors.newSingleThreadExecutor(r -> new Thread(r, "failure-path-test"));
        try {
            DeliveryHandler offloaded = new DeliveryHandler(publisher, failureLog, deadLetters, 2, Clock.systemUTC(),
                    failurePath);
            pending = new CompletableFuture<>();
            CompletableFuture<Outcome> first = offloaded.handle(delivery("d-6"), enrichment());
            Thread completer = new Thread(() -> pending.completeExceptionally(new PublishException("writer failed")),
                    "completing-thread");
            completer.start();
            completer.join(10_000);
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.FAILED);
            pending = null;
            publishFails = true;
            assertThat(offloaded.handle(delivery("d-6"), enrichment()).get(10, TimeUnit.SECONDS))
                    .isEqualTo(Outcome.DEAD_LETTERED);
        } finally {
            failurePath.shutdownNow();
        }
        assertThat(failurePathThreads).containsExactly("failure-path-test", "failure-path-test");
        assertThat(failures).containsEntry("d-6", 2);
        assertThat(deadLettered).extracting(Event::getDeliveryId).containsExactly("d-6");
    }

    private static Delivery delivery(String id) {
        return new Delivery(id, "issues", "sha256=00", "42", BodySpool.of("{}".getBytes(StandardCharsets.UTF_8)));
    }

    private static Enrichment enrichment() {
        return new Enrichment("opened", 7L, null, null, 9L, "octo-org", 11L, "octo-org/hello-world", "octocat");
    }
}
