package dev.gma.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installation access tokens, cached per installation until five minutes before GitHub's
 * {@code expires_at}. Created with {@code POST /app/installations/{id}/access_tokens} through
 * the client's shared transport: org.kohsuke's github-api covers this call too, but going
 * through it would bypass the deadline-bounded rate-limit policy every other call follows.
 */
final class InstallationTokens {

    private static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    private record Token(String value, Instant expiresAt) {}

    private final Map<Long, Token> cache = new ConcurrentHashMap<>();
    private final Clock clock;

    InstallationTokens(Clock clock) {
        this.clock = clock;
    }

    interface Creator {
        JsonNode create(long installationId);
    }

    String token(long installationId, Creator creator) {
        Token cached = cache.get(installationId);
        if (cached != null && clock.instant().isBefore(cached.expiresAt().minus(REFRESH_BEFORE))) {
            return cached.value();
        }
        JsonNode created = creator.create(installationId);
        if (!created.hasNonNull("token") || !created.hasNonNull("expires_at")) {
            throw new MalformedResponseException("installation token response lacks token or expires_at");
        }
        Token token = new Token(created.get("token").asText(), Instant.parse(created.get("expires_at").asText()));
        cache.put(installationId, token);
        return token.value();
    }

    void invalidate(long installationId) {
        cache.remove(installationId);
    }
}
