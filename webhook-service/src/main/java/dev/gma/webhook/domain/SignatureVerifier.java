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
        Hasher hasher = newHasher();
        hasher.update(body, 0, body.length);
        return hasher.matches(signatureHeader);
    }

    /** HMACs under every secret at once, fed chunk by chunk while a body streams in. */
    public Hasher newHasher() {
        return new Hasher(keys.stream().map(SignatureVerifier::mac).toList());
    }

    /** The running HMACs of one body. */
    public static final class Hasher {
        private final List<Mac> macs;

        private Hasher(List<Mac> macs) {
            this.macs = macs;
        }

        public void update(byte[] bytes, int offset, int length) {
            for (Mac mac : macs) {
                mac.update(bytes, offset, length);
            }
        }

        /** Whether the header is the signature of the bytes fed so far, under any secret. */
        public boolean matches(String signatureHeader) {
            byte[] claimed = decode(signatureHeader);
            boolean valid = false;
            for (Mac mac : macs) {
                byte[] actual = mac.doFinal();
                valid |= claimed != null && MessageDigest.isEqual(actual, claimed);
            }
            return valid;
        }
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

    /** HMAC-SHA256 of a body under a key (PagerDuty's signatures use it too). */
    public static byte[] hmac(SecretKeySpec key, byte[] body) {
        return mac(key).doFinal(body);
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
