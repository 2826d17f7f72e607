package dev.gma.webhook.domain;

import dev.gma.proto.v1.Event;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only decorator that makes a given fraction of publish attempts fail, for fault tests
 * of the whole system (GitHub's failed deliveries, the retry service's redeliveries, the
 * dead letter). Each attempt draws from one seeded generator, so the sequence of failures is
 * reproducible for a given order of attempts. A failed attempt never reaches the real
 * publisher; a passing one is handed to it unchanged. Thread-safe.
 *
 * <p>Enabled only by {@code gma.webhook.fault.publish-failure-rate > 0}
 * ({@code GMA_FAULT_PUBLISH_FAILURE_RATE}); never set it in production.
 */
public final class FaultInjectingPublisher implements EventPublisher {

    /** The start of every injected error message, so logs and failure rows show it was on purpose. */
    public static final String MESSAGE = "injected fault";

    private final EventPublisher delegate;
    private final double failureRate;
    private final SplittableRandom random; // guarded by this
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong injected = new AtomicLong();

    /**
     * @param failureRate the fraction of attempts that fail, in [0, 1)
     * @param seed        seeds the generator that decides which attempts fail
     */
    public FaultInjectingPublisher(EventPublisher delegate, double failureRate, long seed) {
        if (!(failureRate >= 0 && failureRate < 1)) {
            throw new IllegalArgumentException("the publish failure rate must be in [0, 1), was " + failureRate);
        }
        this.delegate = delegate;
        this.failureRate = failureRate;
        this.random = new SplittableRandom(seed);
    }

    /** {@code delegate} itself when {@code failureRate} is 0 (the default: fault injection off). */
    public static EventPublisher decorate(EventPublisher delegate, double failureRate, long seed) {
        return failureRate > 0 ? new FaultInjectingPublisher(delegate, failureRate, seed) : delegate;
    }

    @Override
    public CompletableFuture<Void> publish(Event event, Payload payload) {
        attempts.incrementAndGet();
        if (nextAttemptFails()) {
            injected.incrementAndGet();
            return PublishException.failed(new PublishException(MESSAGE
                    + ": publish failed on purpose (publish-failure-rate=" + failureRate + ")"));
        }
        return delegate.publish(event, payload);
    }

    /** Publish attempts seen so far. */
    public long attempts() {
        return attempts.get();
    }

    /** Attempts failed on purpose so far. */
    public long injectedFailures() {
        return injected.get();
    }

    private synchronized boolean nextAttemptFails() {
        return random.nextDouble() < failureRate;
    }
}
