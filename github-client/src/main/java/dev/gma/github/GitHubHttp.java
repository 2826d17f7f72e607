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
 * Sends requests under the one policy every GitHub call shares: rate limits wait until they lift
 * ({@link RateLimits}); 5xx and I/O errors back off per {@link RetryPolicy}; a 401 renews the
 * credential and tries once more, a second 401 or a 403 that is no rate limit throws. No wait
 * ever passes the caller's deadline: the call throws {@link RateLimitedException} or
 * {@link DeadlineExceededException} instead of sleeping. Any other status is returned as is.
 * Logs method, path (never the query) and status; never a credential.
 */
final class GitHubHttp {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubHttp.class);
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofSeconds(1);

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

    /** One request on the wire: java.net.http's {@code send}, or {@link BlockingGet} for archives. */
    @FunctionalInterface
    interface Exchange<T> {
        HttpResponse<T> exchange(HttpRequest request) throws IOException, InterruptedException;
    }

    /**
     * @param request        builds the request afresh for every attempt, so a renewed credential is used
     * @param onUnauthorized drops the credential after a first 401
     */
    <T> HttpResponse<T> send(Supplier<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler,
                             Instant deadline, Runnable onUnauthorized) {
        return sendVia(request, r -> client.send(r, handler), deadline, onUnauthorized);
    }

    /** {@link #send} with another way to put the request on the wire; the same policy. */
    <T> HttpResponse<T> sendVia(Supplier<HttpRequest.Builder> request, Exchange<T> exchange, Instant deadline,
                                Runnable onUnauthorized) {
        boolean credentialRenewed = false;
        for (int attempt = 1; ; attempt++) {
            HttpRequest r = request.get().timeout(timeoutBefore(deadline)).build();
            HttpResponse<T> response;
            try {
                response = exchange(r, exchange);
            } catch (IOException e) {
                backOffOrGiveUp(r, attempt, 0, "I/O error: " + e, deadline);
                continue;
            }
            int status = response.statusCode();
            if (status == 401 && !credentialRenewed) {
                discard(response);
                LOG.info("{} answered 401; renewing the credential and trying once more", describe(r));
                onUnauthorized.run();
                credentialRenewed = true;
                continue;
            }
            Optional<Instant> liftsAt = RateLimits.liftsAt(response, clock.instant());
            if (liftsAt.isPresent()) {
                discard(response);
                waitForRateLimit(r, attempt, status, liftsAt.get(), deadline);
                continue;
            }
            if (status == 401 || status == 403) {
                discard(response);
                throw new GitHubApiException(status, describe(r) + " answered " + status
                        + (status == 401 ? " with a renewed credential" : " (the App lacks a permission?)"));
            }
            if (status >= 500) {
                discard(response);
                backOffOrGiveUp(r, attempt, status, "answered " + status, deadline);
                continue;
            }
            return response;
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest r, Exchange<T> exchange) throws IOException {
        requests.incrementAndGet();
        try {
            HttpResponse<T> response = exchange.exchange(r);
            LOG.debug("{} answered {}", describe(r), response.statusCode());
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(0, describe(r) + " interrupted");
        }
    }

    private void waitForRateLimit(HttpRequest r, int attempt, int status, Instant liftsAt, Instant deadline) {
        if (liftsAt.isAfter(deadline) || attempt >= policy.maxAttempts()) {
            LOG.warn("{} rate limited ({}) until {}; giving up (deadline {}, attempt {})", describe(r), status,
                    liftsAt, deadline, attempt);
            throw new RateLimitedException(status, liftsAt);
        }
        Duration wait = Duration.between(clock.instant(), liftsAt);
        LOG.warn("{} rate limited ({}); waiting {} ms", describe(r), status, Math.max(0, wait.toMillis()));
        if (!wait.isNegative() && !wait.isZero()) {
            sleeper.sleep(wait);
        }
    }

    private void backOffOrGiveUp(HttpRequest r, int attempt, int status, String why, Instant deadline) {
        if (attempt >= policy.maxAttempts()) {
            throw new GitHubApiException(status, describe(r) + " " + why + " after " + attempt + " attempts");
        }
        Duration wait = policy.backoff(attempt);
        if (clock.instant().plus(wait).isAfter(deadline)) {
            throw new DeadlineExceededException(status, describe(r) + " " + why
                    + "; waiting " + wait.toMillis() + " ms to retry would pass the deadline " + deadline);
        }
        LOG.warn("{} {}; retrying in {} ms", describe(r), why, wait.toMillis());
        sleeper.sleep(wait);
    }

    /** The request may take the time left until the deadline, within sane bounds. */
    private Duration timeoutBefore(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.compareTo(MIN_REQUEST_TIMEOUT) < 0) {
            return MIN_REQUEST_TIMEOUT;
        }
        return left.compareTo(MAX_REQUEST_TIMEOUT) > 0 ? MAX_REQUEST_TIMEOUT : left;
    }

    /** Method and path only: a query may carry a signed URL's secret. */
    private static String describe(HttpRequest r) {
        return r.method() + " " + r.uri().getPath();
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
