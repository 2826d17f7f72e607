package dev.gma.webhook.domain;

import dev.gma.proto.v1.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a verified delivery into an event and makes it durable: publish; on failure record the
 * failure and, once a delivery has failed {@code retryLimit} times, send it to the dead letter
 * instead of asking GitHub for yet another attempt.
 */
public final class DeliveryHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryHandler.class);

    private final EventPublisher publisher;
    private final FailureLog failures;
    private final DeadLetterPublisher deadLetters;
    private final int retryLimit;
    private final Clock clock;

    public DeliveryHandler(EventPublisher publisher, FailureLog failures, DeadLetterPublisher deadLetters,
                           int retryLimit, Clock clock) {
        this.publisher = publisher;
        this.failures = failures;
        this.deadLetters = deadLetters;
        this.retryLimit = retryLimit;
        this.clock = clock;
    }

    public Outcome handle(Delivery delivery, Enrichment enrichment) throws PublishException {
        Instant received = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Event event = EventMessages.build(delivery, enrichment, received);
        try {
            publisher.publish(event, delivery.payload());
            LOG.debug("stored event={} action={}", delivery.event(), enrichment.action());
            return Outcome.STORED;
        } catch (PublishException e) {
            return onPublishFailure(event, delivery.payload(), e, received);
        }
    }

    private Outcome onPublishFailure(Event event, Payload payload, PublishException cause, Instant at) throws PublishException {
        String error = cause.getMessage();
        int attempts = failures.recordFailure(event.getDeliveryId(), error, at);
        if (attempts < retryLimit) {
            LOG.warn("publish failed (attempt {} of {}): {}", attempts, retryLimit, error);
            return Outcome.FAILED;
        }
        deadLetters.deadLetter(event, payload, error);
        LOG.error("publish failed {} times, event sent to the dead letter: {}", attempts, error);
        return Outcome.DEAD_LETTERED;
    }

}
