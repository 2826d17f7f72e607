package dev.gma.webhook.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    private static final byte[] BODY = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void anySecretOfARotationVerifiesAndNoOtherDoes() {
        SignatureVerifier verifier = new SignatureVerifier(SignatureVerifier.parseSecrets(" old-secret , new-secret ,"));

        assertThat(verifier.verify(BODY, SignatureVerifier.sign("old-secret", BODY))).isTrue();
        assertThat(verifier.verify(BODY, SignatureVerifier.sign("new-secret", BODY))).isTrue();
        assertThat(verifier.verify(BODY, SignatureVerifier.sign("third-secret", BODY))).isFalse();
    }

    @Test
    void matchesGitHubsDocumentedTestVector() {
        // From GitHub's "Validating webhook deliveries" docs: secret "It's a Secret to Everybody".
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        assertThat(SignatureVerifier.sign("It's a Secret to Everybody", body))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void malformedHeadersNeverVerify() {
        SignatureVerifier verifier = new SignatureVerifier(List.of("s"));
        String good = SignatureVerifier.sign("s", BODY);
        for (String header : List.of("", "sha1=abc", good.toUpperCase(), good.substring(0, 20), "sha256=" + "zz".repeat(32))) {
            assertThat(verifier.verify(BODY, header)).as(header).isFalse();
        }
        assertThat(verifier.verify(BODY, null)).isFalse();
    }
}
