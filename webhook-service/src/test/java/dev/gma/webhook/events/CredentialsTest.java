package dev.gma.webhook.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BearerTokens} and {@link PagerDutySignature}: what is accepted, what is not. */
class CredentialsTest {

    @Test
    void bearerTokensAcceptAnyConfiguredTokenWithAnyCaseOfTheScheme() {
        BearerTokens tokens = new BearerTokens(List.of("old", "new"));
        assertThat(tokens.accepts("Bearer old")).isTrue();
        assertThat(tokens.accepts("bearer new")).isTrue();
        assertThat(tokens.accepts("BEARER  new ")).isTrue();
        for (String refused : new String[] {null, "", "Bearer", "Bearer ", "Bearer other", "Basic new", "new",
            "Bearer ne", "Bearer new2", "Bearer old,new"}) {
            assertThat(tokens.accepts(refused)).as(String.valueOf(refused)).isFalse();
        }
        assertThat(new BearerTokens(List.of()).accepts("Bearer anything")).isFalse();
    }

    @Test
    void pagerDutySignatureMatchesAnyV1SignatureUnderAnySecret() {
        byte[] body = "{\"event\":{}}".getBytes(StandardCharsets.UTF_8);
        PagerDutySignature verifier = new PagerDutySignature(List.of("s1", "s2"));
        String s1 = PagerDutySignature.sign("s1", body);
        String s2 = PagerDutySignature.sign("s2", body);
        String other = PagerDutySignature.sign("s3", body);
        assertThat(verifier.verify(body, s1)).isTrue();
        assertThat(verifier.verify(body, s2)).isTrue();
        assertThat(verifier.verify(body, other + "," + s2)).isTrue();
        assertThat(verifier.verify(body, other + ", " + s1)).isTrue();
        assertThat(verifier.verify(body, other)).isFalse();
        assertThat(verifier.verify(body, s1.replace("v1=", "v0="))).isFalse();
        assertThat(verifier.verify(body, s1.substring(3))).isFalse();
        assertThat(verifier.verify(body, "v1=zz")).isFalse();
        assertThat(verifier.verify("{}".getBytes(StandardCharsets.UTF_8), s1)).isFalse();
        assertThat(verifier.verify(body, null)).isFalse();
        assertThat(new PagerDutySignature(List.of()).verify(body, s1)).isFalse();
    }

    @Test
    void theSignatureIsWhatOpensslComputes() {
        // printf '%s' '{"event":{}}' | openssl dgst -sha256 -hmac s1
        assertThat(PagerDutySignature.sign("s1", "{\"event\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1=" + OPENSSL_S1);
    }

    private static final String OPENSSL_S1 = "0c4580c0bb20eb6ef6b2aee20a3bc06602eec46233e08fd592f12f168c6c0846";
}
