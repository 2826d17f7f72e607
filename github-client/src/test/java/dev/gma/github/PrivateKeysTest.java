package dev.gma.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PrivateKeysTest {

    private static final byte[] EXPECTED = TestKeys.PAIR.getPrivate().getEncoded();

    @Test
    void readsPkcs1AsGitHubHandsItOut() {
        assertThat(PrivateKeys.parse(TestKeys.pkcs1Pem()).getEncoded()).isEqualTo(EXPECTED);
    }

    @Test
    void readsPkcs8() {
        assertThat(PrivateKeys.parse(TestKeys.pkcs8Pem()).getEncoded()).isEqualTo(EXPECTED);
    }

    @Test
    void toleratesWindowsLineEndingsAndSurroundingText() {
        String pem = "key for app 42:\r\n" + TestKeys.pkcs1Pem().replace("\n", "\r\n") + "\r\n";
        assertThat(PrivateKeys.parse(pem).getEncoded()).isEqualTo(EXPECTED);
    }

    @Test
    void garbageIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> PrivateKeys.parse("not a key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GITHUB_PRIVATE_KEY").hasMessageContaining("BEGIN RSA PRIVATE KEY");
        assertThatThrownBy(() -> PrivateKeys.parse("  ")).hasMessageContaining("GITHUB_PRIVATE_KEY is empty");
        assertThatThrownBy(() -> PrivateKeys.parse(null)).hasMessageContaining("GITHUB_PRIVATE_KEY is empty");
    }

    @Test
    void aCorruptKeyIsRejectedWithoutQuotingIt() {
        String notBase64 = TestKeys.pkcs1Pem().replace("MII", "M*I");
        assertThatThrownBy(() -> PrivateKeys.parse(notBase64))
                .hasMessage("GITHUB_PRIVATE_KEY has a body that is not base64");

        String body = Base64.getEncoder().encodeToString("these bytes are no RSA key at all".getBytes());
        String notAKey = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PrivateKeys.parse(notAKey))
                .hasMessage("GITHUB_PRIVATE_KEY is not a valid RSA private key")
                .hasNoCause();
    }

    @Test
    void encryptedAndShortKeysAreRejectedWithAReason() {
        String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PrivateKeys.parse(encrypted)).hasMessageContaining("is encrypted");

        String short1024 = TestKeys.pkcs1Pem(TestKeys.generate(1024));
        assertThatThrownBy(() -> PrivateKeys.parse(short1024)).hasMessageContaining("shorter than 2048 bits");
    }
}
