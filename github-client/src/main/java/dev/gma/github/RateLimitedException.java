package dev.gma.github;

import java.time.Instant;

/**
 * GitHub's rate limit lifts only at {@link #retryAt()}, which is past the caller's deadline (or
 * the limit outlasted every attempt). Callers stop their run and continue after that instant.
 */
public class RateLimitedException extends GitHubApiException {

    private final Instant retryAt;

    public RateLimitedException(Instant retryAt) {
        this(429, retryAt);
    }

    public RateLimitedException(int status, Instant retryAt) {
        super(status, "rate limited by GitHub (" + status + ") until " + retryAt);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
