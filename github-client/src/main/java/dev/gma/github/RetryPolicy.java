package dev.gma.github;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries for 5xx answers and I/O errors: at most {@code maxAttempts} tries, waiting a
 * "full jitter" exponential backoff in between (uniform in [0, min(maxDelay, baseDelay * 2^(n-1))])
 * so that many clients failing together do not retry together. Serializable for Beam.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) implements Serializable {

    /** 5 attempts, 1 s base, 60 s cap. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (baseDelay == null || baseDelay.isNegative() || maxDelay == null || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
        }
    }

    /** The wait after failed attempt {@code attempt} (counting from 1) before the next one. */
    public Duration backoff(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << doublings);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
