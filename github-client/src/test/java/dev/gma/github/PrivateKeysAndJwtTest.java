package dev.gma.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivateKeysAndJwtTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));

    @Test
    void readsPkcs1AsGitHubHandsItOutAndPkcs8() {
        assertThat(PrivateKeys.parse(TestKeys.pkcs1Pem()).getEncoded()).isEqualTo(TestKeys.PAIR.getPrivate().getEncoded());
        assertThat(PrivateKeys.parse(TestKeys.pkcs8Pem()).getEncoded()).isEqualTo(TestKeys.PAIR.getPrivate().getEncoded());
    }

    @Test
    void badKeysFailWithAMessageThatNamesTheSettingAndShowsNoKeyMaterial() {
        assertThatThrownBy(() -> PrivateKeys.parse("not a key")).hasMessageContaining("GITHUB_PRIVATE_KEY");
        String corrupt = TestKeys.pkcs1Pem().replace("MII", "XYZ");
        assertThatThrownBy(() -> PrivateKeys.parse(corrupt)).hasMessageContaining("GITHUB_PRIVATE_KEY")
                .hasMessageNotContaining("XYZ");
    }

    @Test
    void settingsComeFromTheEnvironmentWithEscapedNewlinesAndHideTheKey() {
        GitHubAppSettings s = GitHubAppSettings.fromEnvironment(Map.of("GITHUB_APP_ID", "42",
                "GITHUB_PRIVATE_KEY", TestKeys.pkcs1Pem().replace("\n", "\\n"),
                "GITHUB_API_BASE_URL", "https://ghe.example.com/api/v3/"));
        assertThat(s.apiBaseUrl().toString()).isEqualTo("https://ghe.example.com/api/v3");
        assertThat(s.toString()).doesNotContain("PRIVATE KEY");
        assertThatThrownBy(() -> GitHubAppSettings.fromEnvironment(Map.of())).hasMessageContaining("GITHUB_APP_ID");
        assertThatThrownBy(() -> GitHubAppSettings.fromEnvironment(Map.of("GITHUB_APP_ID", "1")))
                .hasMessageContaining("GITHUB_PRIVATE_KEY");
    }

    @Test
    void jwtIsSignedRs256WithBackdatedIatShortExpAndTheAppAsIssuer() {
        AppJwtSource source = new AppJwtSource(42, PrivateKeys.parse(TestKeys.pkcs1Pem()), clock);
        Claims claims = verify(source.token());

        assertThat(claims.getIssuer()).isEqualTo("42");
        assertThat(claims.getIssuedAt().toInstant()).isEqualTo(clock.instant().minusSeconds(60));
        assertThat(Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jwtIsReusedWhileFreshRenewedBeforeExpiryAndAfterInvalidation() {
        AppJwtSource source = new AppJwtSource(42, PrivateKeys.parse(TestKeys.pkcs8Pem()), clock);
        String first = source.token();
        clock.advance(Duration.ofMinutes(5));
        assertThat(source.token()).isEqualTo(first);
        clock.advance(Duration.ofMinutes(2)); // 7 min after issue: within a minute of exp (8 min after now-60s)
        String second = source.token();
        assertThat(second).isNotEqualTo(first);
        source.invalidate();
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.token()).isNotEqualTo(second);
    }

    static Claims verify(String jwt) {
        return Jwts.parser().verifyWith((RSAPublicKey) TestKeys.PAIR.getPublic())
                .clock(() -> new java.util.Date(Instant.parse("2026-11-22T10:00:00Z").toEpochMilli()))
                .build().parseSignedClaims(jwt).getPayload();
    }

}
