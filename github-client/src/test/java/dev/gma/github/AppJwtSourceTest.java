package dev.gma.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Claims;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AppJwtSourceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final TestClock clock = new TestClock(NOW);
    private final AppJwtSource source = new AppJwtSource(42, PrivateKeys.parse(TestKeys.pkcs1Pem()), clock);

    @Test
    void isSignedRs256WithABackdatedIssueTimeNineMinutesValidityAndTheAppAsIssuer() {
        String jwt = source.token();
        Claims claims = TestKeys.verifyAppJwt(jwt, NOW);

        assertThat(TestKeys.parseAppJwt(jwt, NOW).getHeader().getAlgorithm()).isEqualTo("RS256");
        assertThat(claims.getIssuer()).isEqualTo("42");
        assertThat(claims.getIssuedAt().toInstant()).isEqualTo(NOW.minusSeconds(60));
        assertThat(claims.getExpiration().toInstant()).isEqualTo(NOW.minusSeconds(60).plus(Duration.ofMinutes(9)));
    }

    @Test
    void isReusedWhileItHasMoreThanAMinuteLeft() {
        String first = source.token();
        clock.advance(Duration.ofMinutes(6).plusSeconds(59)); // expires at NOW + 8 min: 61 s left
        assertThat(source.token()).isEqualTo(first);
    }

    @Test
    void isRenewedInItsLastMinute() {
        String first = source.token();
        clock.advance(Duration.ofMinutes(7)); // 60 s left
        String second = source.token();

        assertThat(second).isNotEqualTo(first);
        assertThat(TestKeys.verifyAppJwt(second, clock.instant()).getIssuedAt().toInstant())
                .isEqualTo(clock.instant().minusSeconds(60));
    }

    @Test
    void isRenewedAfterInvalidation() {
        String first = source.token();
        clock.advance(Duration.ofSeconds(1)); // RS256 is deterministic: same claims, same token
        source.invalidate();
        assertThat(source.token()).isNotEqualTo(first);
    }
}
