package dev.gma.webhook.metrics;

import dev.gma.proto.v1.Event;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.EventPublisher;
import dev.gma.webhook.domain.FailureLog;
import dev.gma.webhook.domain.Payload;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The publish path's ports, measured without the domain knowing: publish latency as a histogram
 * ({@code gma_publish_seconds}, by result), failed publishes ({@code gma_publish_failures_total})
 * and dead letters ({@code gma_dead_letters_total}).
 */
public final class MeteredPorts {

    private MeteredPorts() {}

    public static EventPublisher publisher(EventPublisher inner, MeterRegistry registry) {
        Timer ok = timer(registry, "success");
        Timer failed = timer(registry, "failure");
        return (event, payload) -> {
            long start = System.nanoTime();
            CompletableFuture<Void> published;
            try {
                published = inner.publish(event, payload);
            } catch (RuntimeException e) { // an adapter's bug: a failed publish, measured as one
                published = CompletableFuture.failedFuture(e);
            }
            // Recorded when the future completes, on whichever thread completes it (a timer record is cheap).
            return published.whenComplete((done, failure) ->
                    (failure == null ? ok : failed).record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        };
    }

    public static FailureLog failures(FailureLog inner, MeterRegistry registry) {
        Counter counter = Counter.builder("gma.publish.failures").description("failed publishes recorded").register(registry);
        return (String deliveryId, String error, Instant at) -> {
            counter.increment();
            return inner.recordFailure(deliveryId, error, at);
        };
    }

    public static DeadLetterPublisher deadLetters(DeadLetterPublisher inner, MeterRegistry registry) {
        Counter counter = Counter.builder("gma.dead.letters").description("deliveries sent to the dead letter").register(registry);
        return (Event event, Payload payload, String lastError) -> {
            inner.deadLetter(event, payload, lastError);
            counter.increment();
        };
    }

    private static Timer timer(MeterRegistry registry, String result) {
        return Timer.builder("gma.publish").description("time to publish one event (stored locally, acked by Pub/Sub)")
                .tag("result", result).publishPercentileHistogram().register(registry);
    }
}
