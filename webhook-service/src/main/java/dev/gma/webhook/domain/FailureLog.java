package dev.gma.webhook.domain;

import java.time.Instant;

/** Records failed publishes (the {@code failure_events} table) and counts them per delivery. */
public interface FailureLog {

    /**
     * Records one failed publish of {@code deliveryId} and returns how many failures that
     * delivery has now, this one included.
     */
    int recordFailure(String deliveryId, String error, Instant at) throws PublishException;
}
