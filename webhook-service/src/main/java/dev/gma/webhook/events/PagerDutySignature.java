package dev.gma.webhook.events;

import dev.gma.webhook.domain.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-PagerDuty-Signature} of a PagerDuty v3 webhook: {@code v1=<hex HMAC-SHA256 of
 * the raw body>}, several comma-separated while PagerDuty rotates a subscription's secret. A
 * delivery is genuine when any {@code v1} signature matches the HMAC under any configured secret
 * ({@code PAGERDUTY_WEBHOOK_SECRETS}). Every pair is compared in constant time and all are tried.
 */
public final class PagerDutySignature {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String V1 = "v1=";

    private final List<SecretKeySpec> keys;

    public PagerDutySignature(List<String> secrets) {
        this.keys = secrets.stream()
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .toList();
    }

    public boolean configured() {
        return !keys.isEmpty();
    }

    public boolean verify(byte[] body, String header) {
        List<byte[]> claimed = signatures(header);
        boolean valid = false;
        for (SecretKeySpec key : keys) {
            byte[] actual = SignatureVerifier.hmac(key, body);
            for (byte[] c : claimed) {
                valid |= MessageDigest.isEqual(actual, c);
            }
        }
        return valid;
    }

    /** The header PagerDuty would send for {@code body} signed with {@code secret} (tests, docs). */
    public static String sign(String secret, byte[] body) {
        return V1 + HexFormat.of().formatHex(
                SignatureVerifier.hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM), body));
    }

    /** The well-formed {@code v1=} signatures of the header; other versions and junk are ignored. */
    private static List<byte[]> signatures(String header) {
        List<byte[]> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.startsWith(V1) && p.length() == V1.length() + 64) {
                try {
                    out.add(HexFormat.of().parseHex(p.substring(V1.length())));
                } catch (IllegalArgumentException notHex) {
                    // not a signature
                }
            }
        }
        return out;
    }
}
