package dev.gma.retry.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.gma.github.TestKeys;
import dev.gma.retry.GitHubStubs;
import dev.gma.retry.local.FileDeliveryLock;
import dev.gma.testing.PrometheusText;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /metrics of the retry service: Prometheus text in which the run figures move with the
 * outcomes of real runs (POST /retry) against the WireMock GitHub of the other retry tests and the
 * real local store and lease.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryMetricsTest implements TestPropertyProvider {


    @Inject EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WireMockServer github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private Path dataDir;

    @Override
    public Map<String, String> getProperties() {
        github.start();
        try {
            dataDir = Files.createTempDirectory("gma-retry-metrics");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("gma.retry.data-dir", dataDir.toString(), "gma.retry.app-id", "42",
                "gma.retry.private-key", TestKeys.pkcs1Pem(), "gma.retry.api-base-url", github.baseUrl(),
                "micronaut.server.port", "-1");
    }

    @AfterAll
    void stopGitHub() {
        github.stop();
    }

    @Test
    void runFiguresMoveWithEachOutcomeAndTheTextParses() throws Exception {
        Map<String, Double> before = scrape();
        assertThat(value(before, "gma_retry_runs_total", "outcome=\"complete\"")).as("every outcome is a series from the start").isZero();

        // A complete run over three pages: six GUIDs failed (A, C, D, E, G, H), GitHub refuses D's redelivery.
        GitHubStubs.stubThreePages(github);
        GitHubStubs.acceptRedeliveries(github);
        github.stubFor(post(urlEqualTo("/app/hook/deliveries/27/attempts")).willReturn(aResponse().withStatus(422)));
        assertThat(retry().statusCode()).isEqualTo(200);
        Map<String, Double> complete = scrape();
        assertThat(delta(before, complete, "gma_retry_runs_total", "outcome=\"complete\"")).isEqualTo(1.0);
        assertThat(delta(before, complete, "gma_retry_pages_total")).isEqualTo(3.0);
        assertThat(delta(before, complete, "gma_retry_failed_deliveries_total")).isEqualTo(6.0);
        assertThat(delta(before, complete, "gma_retry_redelivered_total")).isEqualTo(5.0);
        assertThat(delta(before, complete, "gma_retry_redelivery_failures_total")).isEqualTo(1.0);
        assertThat(delta(before, complete, "gma_retry_run_seconds_count", "outcome=\"complete\"")).isEqualTo(1.0);
        assertThat(complete.keySet()).as("the duration is a histogram").anyMatch(k -> k.startsWith("gma_retry_run_seconds_bucket{"));

        // A malformed first page: the run fails (502), nothing else moves but the pages read.
        github.stubFor(WireMock.get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(okJson("{\"message\":\"not a page\"}")));
        assertThat(retry().statusCode()).isEqualTo(502);
        Map<String, Double> failed = scrape();
        assertThat(delta(complete, failed, "gma_retry_runs_total", "outcome=\"failed\"")).isEqualTo(1.0);
        assertThat(delta(complete, failed, "gma_retry_runs_total", "outcome=\"complete\"")).isZero();
        assertThat(delta(complete, failed, "gma_retry_redelivered_total")).isZero();
        assertThat(delta(complete, failed, "gma_retry_run_seconds_count", "outcome=\"failed\"")).isEqualTo(1.0);

        // Another process holds the lease: the run does nothing and says so.
        new FileDeliveryLock(dataDir, Duration.ofSeconds(10), Clock.systemUTC()).tryAcquire("someone-else", Duration.ofMinutes(5));
        assertThat(retry().statusCode()).isEqualTo(200);
        Map<String, Double> held = scrape();
        assertThat(delta(failed, held, "gma_retry_runs_total", "outcome=\"lock_held\"")).isEqualTo(1.0);
        assertThat(delta(failed, held, "gma_retry_lease_not_acquired_total")).isEqualTo(1.0);
        assertThat(delta(failed, held, "gma_retry_pages_total")).isZero();
    }

    private HttpResponse<String> retry() throws Exception {
        return http.send(HttpRequest.newBuilder(server.getURI().resolve("/retry")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Double> scrape() throws Exception {
        return PrometheusText.scrape(http, server.getURI());
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    private static double value(Map<String, Double> samples, String name, String... labels) {
        return PrometheusText.value(samples, name, labels);
    }
}
