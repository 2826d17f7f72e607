package dev.gma.webhook.domain;

import dev.gma.proto.v1.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns a verified delivery into an event and makes it durable: publish; on failure record the
 * failure and, once a delivery has failed {@code retryLimit} times, send it to the dead letter
 * instead of asking GitHub for yet another attempt.
 *
 * <p>Nothing here waits: the outcome is a future that completes when the publish does. The
 * failure path writes and waits (the failure row, the dead letter), so it runs on
 * {@code failurePath} (the blocking executor), never on the thread that completed the publish
 * (the SQLite writer, a Pub/Sub callback thread) nor on the caller's (maybe an event loop).
 */
public final class DeliveryHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryHandler.class);

    private final EventPublisher publisher;
    private final FailureLog failures;
    private final DeadLetterPublisher deadLetters;
    private final int retryLimit;
    private final Clock clock;
    private final Executor failurePath;

    public DeliveryHandler(EventPublisher publisher, FailureLog failures, DeadLetterPublisher deadLetters,
                           int retryLimit, Clock clock, Executor failurePath) {
        this.publisher = publisher;
        this.failures = failures;
        this.deadLetters = deadLetters;
        this.retryLimit = retryLimit;
        this.clock = clock;
        this.failurePath = failurePath;
    }

    /**
     * The outcome once durable: STORED, or FAILED / DEAD_LETTERED after the failure was recorded;
     * fails with a PublishException when even that could not be written. The payload must stay
     * readable until it completes (a dead letter reads it again).
     */
    public CompletableFuture<Outcome> handle(Delivery delivery, Enrichment enrichment) {
        Instant received = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Event event = EventMessages.build(delivery, enrichment, received);
        CompletableFuture<Void> published;
        try {
            published = publisher.publish(event, delivery.payload());
        } catch (RuntimeException e) { // an adapter's bug: treated as a failed publish, never lost
            published = CompletableFuture.failedFuture(e);
        }
        return published.handle((done, failure) -> failure == null
                        ? CompletableFuture.completedFuture(Outcome.STORED)
                        : PublishException.offload(
                                () -> onPublishFailure(event, delivery.payload(), PublishException.of(failure), received),
                                failurePath))
                .thenCompose(outcome -> outcome);
    }

    private Outcome onPublishFailure(Event event, Payload payload, PublishException cause, Instant at)
            throws PublishException {
        MDC.put("delivery_id", event.getDeliveryId());
        try {
            String error = cause.getMessage();
            int attempts = failures.recordFailure(event.getDeliveryId(), error, at);
            if (attempts < retryLimit) {
                LOG.warn("publish failed (attempt {} of {}): {}", attempts, retryLimit, error);
                return Outcome.FAILED;
            }
            deadLetters.deadLetter(event, payload, error);
            LOG.error("publish failed {} times, event sent to the dead letter: {}", attempts, error);
            return Outcome.DEAD_LETTERED;
        } finally {
            MDC.remove("delivery_id");
        }
    }
}
