package dev.gma.webhook.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Hub-Signature-256}: HMAC-SHA256 of the raw body, hex, prefixed {@code sha256=}.
 * Several secrets may be valid at once while a secret is being rotated; any one of them verifies.
 * Comparison is constant-time and every secret is always tried, so timing tells nothing.
 */
public final class SignatureVerifier {

    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    public SignatureVerifier(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is required");
        }
        this.keys = secrets.stream()
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .toList();
    }

    /** Splits GITHUB_WEBHOOK_SECRET's comma-separated list, ignoring blanks around the commas. */
    public static List<String> parseSecrets(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public boolean verify(byte[] body, String signatureHeader) {
        byte[] claimed = decode(signatureHeader);
        if (claimed == null) {
            return false;
        }
        boolean valid = false;
        for (SecretKeySpec key : keys) {
            valid |= MessageDigest.isEqual(hmac(key, body), claimed);
        }
        return valid;
    }

    /** The header GitHub would send for {@code body} signed with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        return PREFIX + HexFormat.of().formatHex(hmac(key, body));
    }

    private static byte[] decode(String header) {
        if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
