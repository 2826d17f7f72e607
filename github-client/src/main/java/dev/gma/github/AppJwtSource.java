package dev.gma.github;

import io.jsonwebtoken.Jwts;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The App's JWT (RS256): issued 60 s in the past to absorb clock drift, valid 9 minutes (GitHub
 * allows 10), reused until a minute before it expires and never past that. A 401 from GitHub
 * {@link #invalidate()}s it so the next call signs a fresh one.
 */
public final class AppJwtSource {

    private static final Duration BACKDATE = Duration.ofSeconds(60);
    private static final Duration LIFETIME = Duration.ofMinutes(9);
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

    private final long appId;
    private final PrivateKey key;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.MIN;

    public AppJwtSource(long appId, PrivateKey key, Clock clock) {
        this.appId = appId;
        this.key = key;
        this.clock = clock;
    }

    public synchronized String token() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(expiresAt.minus(RENEW_BEFORE))) {
            Instant issuedAt = now.minus(BACKDATE);
            expiresAt = issuedAt.plus(LIFETIME);
            token = Jwts.builder()
                    .issuer(Long.toString(appId))
                    .issuedAt(Date.from(issuedAt))
                    .expiration(Date.from(expiresAt))
                    .signWith(key, Jwts.SIG.RS256)
                    .compact();
        }
        return token;
    }

    public synchronized void invalidate() {
        token = null;
    }
}
