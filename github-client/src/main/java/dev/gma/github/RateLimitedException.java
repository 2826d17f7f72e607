package dev.gma.github;

import java.time.Instant;

/** GitHub's rate limit would make the call wait past the caller's deadline. */
public class RateLimitedException extends GitHubApiException {

    private final Instant retryAt;

    public RateLimitedException(int status, Instant retryAt) {
        super(status, "rate limited by GitHub until " + retryAt);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
