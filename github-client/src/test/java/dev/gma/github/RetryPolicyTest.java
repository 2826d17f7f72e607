package dev.gma.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffIsFullJitterUnderAnExponentialCapBoundedByMaxDelay() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        long[] caps = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000};
        for (int attempt = 1; attempt <= caps.length; attempt++) {
            for (int sample = 0; sample < 200; sample++) {
                assertThat(policy.backoff(attempt)).isBetween(Duration.ZERO, Duration.ofMillis(caps[attempt - 1]));
            }
        }
        assertThat(policy.backoff(1_000)).isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void defaultsAreFiveAttemptsOneSecondBaseSixtySecondCap() {
        assertThat(RetryPolicy.DEFAULT)
                .isEqualTo(new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60)));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
