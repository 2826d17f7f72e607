package dev.gma.github;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one GitHub request under the one policy every call shares: primary rate limit (wait for
 * {@code x-ratelimit-reset}), secondary rate limit ({@code retry-after}), 5xx and I/O errors
 * (bounded exponential backoff with jitter), one 401 (renew the credential and try again). No
 * wait ever passes the caller's deadline: the call fails with {@link RateLimitedException} or
 * {@link DeadlineExceededException} instead. Logs method, path and status, never a credential.
 */
final class GitHubHttp {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubHttp.class);

    private final HttpClient client;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final AtomicLong requests = new AtomicLong();

    GitHubHttp(HttpClient client, RetryPolicy policy, Sleeper sleeper, Clock clock) {
        this.client = client;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    long requestCount() {
        return requests.get();
    }

    /**
     * @param request        builds the request afresh for every attempt (credentials may change)
     * @param onUnauthorized drops the credential after a 401 so the next attempt gets a new one
     */
    <T> HttpResponse<T> send(Supplier<HttpRequest> request, HttpResponse.BodyHandler<T> handler, Instant deadline,
                             Runnable onUnauthorized) {
        boolean renewed = false;
        int lastStatus = 0;
        for (int attempt = 1; ; attempt++) {
            HttpRequest r = request.get();
            HttpResponse<T> response;
            try {
                requests.incrementAndGet();
                response = client.send(r, handler);
            } catch (IOException e) {
                LOG.warn("{} {} failed: {}", r.method(), r.uri().getPath(), e.getMessage());
                waitOrGiveUp(attempt, 0, policy.backoff(attempt), deadline, r, "I/O error: " + e.getMessage());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubApiException(0, "interrupted");
            }
            int status = response.statusCode();
            lastStatus = status;
            if (status == 401 && !renewed) {
                discard(response);
                LOG.info("{} {} answered 401; renewing the credential once", r.method(), r.uri().getPath());
                onUnauthorized.run();
                renewed = true;
                continue;
            }
            Optional<Instant> limitedUntil = rateLimitedUntil(response);
            if (limitedUntil.isPresent()) {
                discard(response);
                waitForRateLimit(status, limitedUntil.get(), deadline, r, attempt);
                continue;
            }
            if (status >= 500) {
                discard(response);
                waitOrGiveUp(attempt, status, policy.backoff(attempt), deadline, r, "GitHub answered " + status);
                continue;
            }
            return response;
        }
    }

    private void waitForRateLimit(int status, Instant until, Instant deadline, HttpRequest r, int attempt) {
        if (until.isAfter(deadline) || attempt >= policy.maxAttempts()) {
            throw new RateLimitedException(status, until);
        }
        Duration wait = Duration.between(clock.instant(), until);
        LOG.warn("{} {} rate limited ({}); waiting {} ms", r.method(), r.uri().getPath(), status, wait.toMillis());
        if (!wait.isNegative()) {
            sleeper.sleep(wait);
        }
    }

    private void waitOrGiveUp(int attempt, int status, Duration wait, Instant deadline, HttpRequest r, String why) {
        if (attempt >= policy.maxAttempts()) {
            throw new GitHubApiException(status, r.method() + " " + r.uri().getPath() + ": " + why
                    + " after " + attempt + " attempts");
        }
        if (clock.instant().plus(wait).isAfter(deadline)) {
            throw new DeadlineExceededException(status, r.method() + " " + r.uri().getPath() + ": " + why
                    + "; no time left to retry");
        }
        LOG.warn("{} {}: {}; retrying in {} ms", r.method(), r.uri().getPath(), why, wait.toMillis());
        sleeper.sleep(wait);
    }

    /** When a 403/429 is a rate limit, the instant it lifts; a plain 403 is a permission error. */
    private Optional<Instant> rateLimitedUntil(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status != 403 && status != 429) {
            return Optional.empty();
        }
        Optional<String> retryAfter = response.headers().firstValue("retry-after");
        if (retryAfter.isPresent()) {
            return Optional.of(clock.instant().plusSeconds(parseLong(retryAfter.get(), 60)));
        }
        boolean exhausted = response.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false);
        if (exhausted) {
            long reset = parseLong(response.headers().firstValue("x-ratelimit-reset").orElse(""), 0);
            Instant resetAt = reset > 0 ? Instant.ofEpochSecond(reset) : clock.instant().plusSeconds(60);
            return Optional.of(resetAt.plusSeconds(1));
        }
        return status == 429 ? Optional.of(clock.instant().plusSeconds(60)) : Optional.empty();
    }

    private static long parseLong(String value, long fallback) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
        }
    }
}
