package dev.gma.github;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells a rate-limited answer from a plain refusal, as GitHub documents it: {@code retry-after}
 * (secondary limit) wins, then {@code x-ratelimit-remaining: 0} (primary limit, lifts one second
 * after {@code x-ratelimit-reset}); a 429 without either means "wait at least a minute". A 403
 * without these headers is a permission error, not a rate limit.
 */
final class RateLimits {

    private static final long UNKNOWN_WAIT_SECONDS = 60;

    private RateLimits() {}

    /** When the limit lifts, or empty when the response is not rate-limited. */
    static Optional<Instant> liftsAt(HttpResponse<?> response, Instant now) {
        int status = response.statusCode();
        if (status != 403 && status != 429) {
            return Optional.empty();
        }
        Optional<String> retryAfter = response.headers().firstValue("retry-after");
        if (retryAfter.isPresent()) {
            return Optional.of(now.plusSeconds(seconds(retryAfter.get(), UNKNOWN_WAIT_SECONDS)));
        }
        if (response.headers().firstValue("x-ratelimit-remaining").map(v -> v.strip().equals("0")).orElse(false)) {
            long reset = seconds(response.headers().firstValue("x-ratelimit-reset").orElse(""), 0);
            return Optional.of(reset > 0 ? Instant.ofEpochSecond(reset).plusSeconds(1)
                    : now.plusSeconds(UNKNOWN_WAIT_SECONDS));
        }
        return status == 429 ? Optional.of(now.plusSeconds(UNKNOWN_WAIT_SECONDS)) : Optional.empty();
    }

    private static long seconds(String value, long fallback) {
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
