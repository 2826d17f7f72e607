package dev.gma.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installation access tokens, cached per installation until five minutes before GitHub's
 * {@code expires_at}, so a token handed out always has minutes left for a long log download.
 * Why not github-api's {@code GHAppInstallation#createToken()}: it sends through its own
 * connector, which would bypass the deadline-bounded retry and rate-limit policy of {@link GitHubHttp}.
 */
final class InstallationTokens {

    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    /** Creates a token: {@code POST /app/installations/{id}/access_tokens}, answering its JSON. */
    @FunctionalInterface
    interface Creator {
        JsonNode create(long installationId);
    }

    private record Token(String value, Instant expiresAt) {}

    private final Map<Long, Token> cache = new ConcurrentHashMap<>();
    private final Map<Long, Object> creating = new ConcurrentHashMap<>();
    private final Clock clock;

    InstallationTokens(Clock clock) {
        this.clock = clock;
    }

    String token(long installationId, Creator creator) {
        Token cached = fresh(installationId);
        if (cached != null) {
            return cached.value();
        }
        // One creation per installation at a time: parallel workers share the new token.
        synchronized (creating.computeIfAbsent(installationId, id -> new Object())) {
            Token again = fresh(installationId);
            if (again != null) {
                return again.value();
            }
            Token created = read(creator.create(installationId), installationId);
            cache.put(installationId, created);
            return created.value();
        }
    }

    /** GitHub refused the token (401): create a new one next time. */
    void invalidate(long installationId) {
        cache.remove(installationId);
    }

    private Token fresh(long installationId) {
        Token t = cache.get(installationId);
        return t != null && clock.instant().isBefore(t.expiresAt().minus(REFRESH_BEFORE)) ? t : null;
    }

    private static Token read(JsonNode json, long installationId) {
        String where = "the access token of installation " + installationId;
        if (!json.path("token").isTextual() || !json.path("expires_at").isTextual()) {
            throw new MalformedResponseException(where + " lacks token or expires_at");
        }
        try {
            return new Token(json.get("token").asText(), OffsetDateTime.parse(json.get("expires_at").asText()).toInstant());
        } catch (DateTimeParseException e) {
            throw new MalformedResponseException(where + " has an expires_at that is not an RFC 3339 time");
        }
    }
}
