package dev.gma.github;

import io.jsonwebtoken.Jwts;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The App's JWT (RS256, {@code iss} = app id). Issued 60 s in the past to absorb clock drift
 * between us and GitHub, valid 9 minutes after that (GitHub allows at most 10), reused until a
 * minute before it expires. A 401 from GitHub {@link #invalidate()}s it so the next call signs
 * a fresh one. Thread-safe.
 */
public final class AppJwtSource {

    static final Duration BACKDATE = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);
    static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

    private final String issuer;
    private final PrivateKey key;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.MIN;

    public AppJwtSource(long appId, PrivateKey key, Clock clock) {
        this.issuer = Long.toString(appId);
        this.key = key;
        this.clock = clock;
    }

    /** The current JWT, signing a new one when there is none or it expires within a minute. */
    public synchronized String token() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(expiresAt.minus(RENEW_BEFORE))) {
            sign(now.minus(BACKDATE));
        }
        return token;
    }

    /** Forget the current JWT (GitHub refused it); the next {@link #token()} signs a new one. */
    public synchronized void invalidate() {
        token = null;
    }

    private void sign(Instant issuedAt) {
        expiresAt = issuedAt.plus(LIFETIME);
        token = Jwts.builder()
                .issuer(issuer)
                .issuedAt(Date.from(issuedAt))
                .expiration(Date.from(expiresAt))
                .signWith(key, Jwts.SIG.RS256)
                .compact();
    }
}
