package dev.gma.webhook.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The bearer tokens of the report intake ({@code GMA_EVENTS_TOKENS}); several are valid at once
 * during a rotation. The presented token and every configured one are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, every token always tried, so neither the length
 * nor the content of a token shows in the timing. A token is never logged nor put in a message.
 */
public final class BearerTokens {

    private static final String SCHEME = "bearer ";

    private final List<byte[]> digests;

    public BearerTokens(List<String> tokens) {
        this.digests = tokens.stream().map(BearerTokens::digest).toList();
    }

    /** Whether any token is configured at all (GCP mode refuses to start without one). */
    public boolean configured() {
        return !digests.isEmpty();
    }

    /** Whether {@code Authorization} carries {@code Bearer <one of the tokens>}. */
    public boolean accepts(String authorizationHeader) {
        String presented = token(authorizationHeader);
        byte[] claimed = digest(presented == null ? "" : presented);
        boolean valid = false;
        for (byte[] digest : digests) {
            valid |= MessageDigest.isEqual(digest, claimed);
        }
        return valid && presented != null;
    }

    /** The token of a {@code Bearer} header (scheme case-insensitive), or null. */
    static String token(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (h.length() <= SCHEME.length() || !h.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return null;
        }
        String token = h.substring(SCHEME.length()).strip();
        return token.isEmpty() ? null : token;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
