package dev.gma.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one error and limit policy, exercised through listDeliveries (every call shares it). */
class RetryAndRateLimitTest extends GitHubStubTest {

    private static final String PAGE = "/app/hook/deliveries?per_page=100";

    @Test
    void primaryRateLimitWaitsUntilOneSecondAfterTheReset() {
        Instant reset = NOW.plusSeconds(30);
        answerFirst(primaryRateLimit(reset));

        assertThat(client.listDeliveries(Optional.empty(), FAR_DEADLINE).deliveries()).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(31));
    }

    @Test
    void primaryRateLimitPastTheDeadlineFailsAtOnceWithTheTimeItLifts() {
        Instant reset = NOW.plusSeconds(30);
        answerFirst(primaryRateLimit(reset));

        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), NOW.plusSeconds(10)))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.retryAt()).isEqualTo(reset.plusSeconds(1));
                    assertThat(e.status()).isEqualTo(403);
                });
        assertThat(waits).isEmpty();
    }

    @Test
    void secondaryRateLimitHonoursRetryAfter() {
        answerFirst(aResponse().withStatus(429).withHeader("retry-after", "7"));

        assertThat(client.listDeliveries(Optional.empty(), FAR_DEADLINE).deliveries()).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void secondaryRateLimitPastTheDeadlineFailsWithoutSleeping() {
        answerFirst(aResponse().withStatus(403).withHeader("retry-after", "600"));

        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), NOW.plusSeconds(60)))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(600)));
        assertThat(waits).isEmpty();
    }

    @Test
    void aForbiddenAnswerThatIsNoRateLimitIsNotRetried() {
        github.stubFor(get(urlEqualTo(PAGE)).willReturn(aResponse().withStatus(403)));

        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), FAR_DEADLINE))
                .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void aServerErrorIsRetriedAfterAJitteredBackoff() {
        answerFirst(aResponse().withStatus(500));

        assertThat(client.listDeliveries(Optional.empty(), FAR_DEADLINE).deliveries()).hasSize(2);
        assertThat(waits).hasSize(1).allSatisfy(w -> assertThat(w).isBetween(Duration.ZERO, Duration.ofMillis(100)));
        assertThat(client.requestCount()).isEqualTo(2);
    }

    @Test
    void anIoErrorIsRetriedLikeAServerError() {
        // Garbage instead of a status line: the JDK client does not retry this one by itself.
        answerFirst(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));

        assertThat(client.listDeliveries(Optional.empty(), FAR_DEADLINE).deliveries()).hasSize(2);
        assertThat(waits).hasSize(1);
    }

    @Test
    void aConnectionResetDuringARedeliveryIsRetried() {
        String attempts = "/app/hook/deliveries/12/attempts";
        github.stubFor(post(urlEqualTo(attempts)).inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("recovered").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        github.stubFor(post(urlEqualTo(attempts)).inScenario("reset").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(202)));

        assertThat(client.redeliver(12, FAR_DEADLINE)).isEqualTo(202);
        assertThat(waits).hasSize(1);
    }

    @Test
    void serverErrorsGiveUpAfterMaxAttempts() {
        github.stubFor(get(urlEqualTo(PAGE)).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), FAR_DEADLINE))
                .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("after 4 attempts");
        assertThat(waits).hasSize(3);
        assertThat(client.requestCount()).isEqualTo(FAST_POLICY.maxAttempts());
    }

    @Test
    void aServerErrorWithNoTimeLeftToRetryFailsWithoutSleeping() {
        github.stubFor(get(urlEqualTo(PAGE)).willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), NOW.minusMillis(1)))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.status()).isEqualTo(502));
        assertThat(waits).isEmpty();
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void a401RenewsTheAppJwtOnceAndRetries() {
        // Each clock read moves a second on, so the renewed JWT differs from the refused one.
        GitHubAppClient stepping = clientWith(new TestClock(NOW, Duration.ofSeconds(1)));
        answerFirst(aResponse().withStatus(401));

        assertThat(stepping.listDeliveries(Optional.empty(), FAR_DEADLINE).deliveries()).hasSize(2);

        List<String> jwts = github.findAll(getRequestedFor(urlEqualTo(PAGE))).stream()
                .map(r -> r.getHeader("Authorization").substring("Bearer ".length())).toList();
        assertThat(jwts).hasSize(2).doesNotHaveDuplicates();
        assertThat(TestKeys.verifyAppJwt(jwts.get(1), NOW).getIssuer()).isEqualTo("42");
        assertThat(waits).isEmpty();
    }

    @Test
    void aSecond401Throws() {
        github.stubFor(get(urlEqualTo(PAGE)).willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), FAR_DEADLINE))
                .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(client.requestCount()).isEqualTo(2);
    }

    private static ResponseDefinitionBuilder primaryRateLimit(Instant reset) {
        return aResponse().withStatus(403)
                .withHeader("x-ratelimit-limit", "5000")
                .withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", Long.toString(reset.getEpochSecond()))
                .withBody(Fixtures.read("github/rate-limit-exceeded.json"));
    }

    /** GitHub answers {@code first}, then a page of two deliveries. */
    private static void answerFirst(ResponseDefinitionBuilder first) {
        github.stubFor(get(urlEqualTo(PAGE)).inScenario("answers").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("recovered").willReturn(first));
        github.stubFor(get(urlEqualTo(PAGE)).inScenario("answers").whenScenarioStateIs("recovered")
                .willReturn(okJson(Fixtures.read("github/deliveries-page-1.json"))));
    }
}
