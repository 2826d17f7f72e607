package dev.gma.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubAppClientTest {

    private final WireMockServer github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private final List<Duration> waits = new ArrayList<>();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
    private GitHubAppClient client;
    private final Instant farDeadline = Instant.parse("2026-11-22T11:00:00Z");

    @BeforeEach
    void start() {
        github.start();
        GitHubAppSettings settings = new GitHubAppSettings(42, TestKeys.pkcs1Pem(), URI.create(github.baseUrl()));
        client = new GitHubAppClient(settings, clock,
                new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1)), waits::add);
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    @Test
    void followsTheCursorOfTheLinkHeaderThroughThreePages() {
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(okJson(
                new DeliveriesJson().add(30, "g-3", 502).add(29, "g-2", 200).toString())
                .withHeader("Link", "<" + github.baseUrl() + "/app/hook/deliveries?per_page=100&cursor=c%3D2>; rel=\"next\"")));
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100&cursor=c%3D2")).willReturn(okJson(
                new DeliveriesJson().add(20, "g-1", 500).toString())
                .withHeader("Link", "<" + github.baseUrl() + "/app/hook/deliveries?per_page=100&cursor=c3>; rel=\"next\", "
                        + "<" + github.baseUrl() + "/app/hook/deliveries?per_page=100>; rel=\"first\"")));
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100&cursor=c3")).willReturn(okJson(
                new DeliveriesJson().add(10, "g-0", 200).toString())));

        DeliveryPage first = client.listDeliveries(Optional.empty(), farDeadline);
        DeliveryPage second = client.listDeliveries(first.nextCursor(), farDeadline);
        DeliveryPage third = client.listDeliveries(second.nextCursor(), farDeadline);

        assertThat(first.deliveries()).extracting(HookDelivery::guid).containsExactly("g-3", "g-2");
        assertThat(first.deliveries().get(0).succeeded()).isFalse();
        assertThat(first.nextCursor()).contains("c=2");
        assertThat(second.nextCursor()).contains("c3");
        assertThat(third.deliveries()).extracting(HookDelivery::id).containsExactly(10L);
        assertThat(third.nextCursor()).isEmpty();
        for (LoggedRequest r : github.findAll(getRequestedFor(urlPathEqualTo("/app/hook/deliveries")))) {
            String jwt = r.getHeader("Authorization").substring("Bearer ".length());
            assertThat(PrivateKeysAndJwtTest.verify(jwt).getIssuer()).isEqualTo("42");
        }
        assertThat(client.requestCount()).isEqualTo(3);
    }

    @Test
    void aMalformedPageIsAClearError() {
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(okJson("{\"message\":\"x\"}")));
        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), farDeadline))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("not a JSON array");
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(okJson("[{\"id\":1}]")));
        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), farDeadline))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("guid");
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(aResponse().withStatus(200).withBody("<html>")));
        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), farDeadline))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void primaryRateLimitWaitsUntilTheResetThenSucceeds() {
        long reset = clock.instant().plusSeconds(30).getEpochSecond();
        stubSequence(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", Long.toString(reset)));
        assertThat(client.listDeliveries(Optional.empty(), farDeadline).deliveries()).hasSize(1);
        assertThat(waits).containsExactly(Duration.ofSeconds(31));
    }

    @Test
    void secondaryRateLimitHonoursRetryAfter() {
        stubSequence(aResponse().withStatus(429).withHeader("retry-after", "7"));
        assertThat(client.listDeliveries(Optional.empty(), farDeadline).deliveries()).hasSize(1);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aRateLimitPastTheDeadlineFailsAtOnceWithTheTimeItLifts() {
        stubSequence(aResponse().withStatus(429).withHeader("retry-after", "600"));
        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), clock.instant().plusSeconds(60)))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAt()).isEqualTo(clock.instant().plusSeconds(600)));
        assertThat(waits).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBoundedBackoffThenGiveUp() {
        stubSequence(aResponse().withStatus(502));
        assertThat(client.listDeliveries(Optional.empty(), farDeadline).deliveries()).hasSize(1);
        assertThat(waits).hasSize(1).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofSeconds(1)));

        github.resetAll();
        waits.clear();
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), farDeadline))
                .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(waits).hasSize(3);
    }

    @Test
    void anExpiredJwtIsRenewedOnceAfterA401() {
        stubSequence(aResponse().withStatus(401));
        assertThat(client.listDeliveries(Optional.empty(), farDeadline).deliveries()).hasSize(1);
        List<LoggedRequest> requests = github.findAll(getRequestedFor(urlPathEqualTo("/app/hook/deliveries")));
        assertThat(requests).as("one retry after the 401, with a freshly signed JWT").hasSize(2);
        assertThat(PrivateKeysAndJwtTest.verify(requests.get(1).getHeader("Authorization").substring(7)).getIssuer())
                .isEqualTo("42");

        github.resetAll();
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(() -> client.listDeliveries(Optional.empty(), farDeadline))
                .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void redeliverReturns202OrTheRefusal() {
        github.stubFor(post(urlEqualTo("/app/hook/deliveries/12/attempts")).willReturn(aResponse().withStatus(202)));
        github.stubFor(post(urlEqualTo("/app/hook/deliveries/13/attempts")).willReturn(aResponse().withStatus(422)));
        assertThat(client.redeliver(12, farDeadline)).isEqualTo(202);
        assertThat(client.redeliver(13, farDeadline)).isEqualTo(422);
    }

    @Test
    void installationTokensAreCachedUntilShortlyBeforeTheyExpire() {
        stubToken(clock.instant().plus(Duration.ofHours(1)));
        assertThat(client.installationToken(7, farDeadline)).isEqualTo("ghs_test");
        clock.advance(Duration.ofMinutes(50));
        client.installationToken(7, farDeadline);
        assertThat(github.findAll(postRequestedFor(urlEqualTo("/app/installations/7/access_tokens")))).hasSize(1);
        clock.advance(Duration.ofMinutes(6));
        client.installationToken(7, farDeadline);
        assertThat(github.findAll(postRequestedFor(urlEqualTo("/app/installations/7/access_tokens")))).hasSize(2);
    }

    @Test
    void logsAreFetchedThroughTheRedirectWithoutForwardingTheToken() throws Exception {
        stubToken(clock.instant().plus(Duration.ofHours(1)));
        byte[] zip = new byte[300_000];
        new java.util.Random(3).nextBytes(zip);
        github.stubFor(get(urlEqualTo("/repos/octo-org/hello-world/actions/runs/5/attempts/2/logs"))
                .inScenario("logs").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(500)));
        github.stubFor(get(urlEqualTo("/repos/octo-org/hello-world/actions/runs/5/attempts/2/logs"))
                .inScenario("logs").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(302).withHeader("Location", github.baseUrl() + "/blob/logs.zip?sig=abc")));
        github.stubFor(get(urlPathEqualTo("/blob/logs.zip")).willReturn(aResponse().withStatus(200).withBody(zip)));

        try (LogDownload download = client.openWorkflowRunLogs("octo-org", "hello-world", 5, 2, 7, farDeadline);
             InputStream in = download.body()) {
            assertThat(in.readAllBytes()).isEqualTo(zip);
        }
        github.verify(getRequestedFor(urlPathEqualTo("/blob/logs.zip")).withHeader("Authorization", absent()));
        github.verify(getRequestedFor(urlEqualTo("/repos/octo-org/hello-world/actions/runs/5/attempts/2/logs"))
                .withHeader("Authorization", equalTo("token ghs_test")));
    }

    @Test
    void expiredOrDeletedLogsAreNotFound() {
        stubToken(clock.instant().plus(Duration.ofHours(1)));
        github.stubFor(get(urlEqualTo("/repos/o/r/actions/runs/1/attempts/1/logs")).willReturn(aResponse().withStatus(404)));
        github.stubFor(get(urlEqualTo("/repos/o/r/actions/runs/2/attempts/1/logs")).willReturn(aResponse().withStatus(410)));
        assertThatThrownBy(() -> client.openWorkflowRunLogs("o", "r", 1, 1, 7, farDeadline))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> client.openWorkflowRunLogs("o", "r", 2, 1, 7, farDeadline))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.status()).isEqualTo(410));
    }

    private void stubToken(Instant expiresAt) {
        github.stubFor(post(urlEqualTo("/app/installations/7/access_tokens"))
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(okJson("{\"token\":\"ghs_test\",\"expires_at\":\"" + expiresAt + "\"}").withStatus(201)));
    }

    /** First answer {@code first}, then a one-delivery page. */
    private void stubSequence(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first) {
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).inScenario("seq")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second").willReturn(first));
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).inScenario("seq")
                .whenScenarioStateIs("second").willReturn(okJson(new DeliveriesJson().add(1, "g", 200).toString())));
    }
}
