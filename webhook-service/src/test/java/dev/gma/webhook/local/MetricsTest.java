package dev.gma.webhook.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.testing.Testdata;
import dev.gma.webhook.WebhookClient;
import dev.gma.testing.PrometheusText;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /metrics: Prometheus text in which the counters move with what the service did. Publishing
 * fails on purpose here (fault rate 0.999999 with a fixed seed, RETRY_LIMIT 2), so a delivery sent twice is failed, then
 * dead-lettered.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest implements TestPropertyProvider {


    @Inject EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("gma.webhook.data-dir", Files.createTempDirectory("gma-metrics-test").toString(),
                    "gma.webhook.secret", "s", "micronaut.server.port", "-1", "gma.webhook.retry-limit", "2",
                    "gma.webhook.fault.publish-failure-rate", "0.999999", "gma.webhook.fault.seed", "7");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Double> scrape() throws Exception {
        return PrometheusText.scrape(http, server.getURI());
    }

    private static double value(Map<String, Double> samples, String name, String... labels) {
        return PrometheusText.value(samples, name, labels);
    }

    @Test
    void countersMoveWithOutcomesAndTheTextParses() throws Exception {
        Map<String, Double> before = scrape();
        WebhookClient client = new WebhookClient(server.getURI(), "s");
        byte[] ping = Testdata.bytes("ping.json");
        String id = WebhookClient.newDeliveryId();
        assertThat(client.deliver(id, "ping", ping).statusCode()).isEqualTo(500);   // failed, recorded
        assertThat(client.deliver(id, "ping", ping).statusCode()).isEqualTo(201);   // second failure: dead letter
        assertThat(new WebhookClient(server.getURI(), "wrong").deliver(WebhookClient.newDeliveryId(), "ping", ping)
                .statusCode()).isEqualTo(401);

        Map<String, Double> after = scrape();
        assertThat(value(after, "gma_deliveries_total", "event=\"ping\"", "outcome=\"failed\"")
                - value(before, "gma_deliveries_total", "event=\"ping\"", "outcome=\"failed\"")).isEqualTo(1.0);
        assertThat(value(after, "gma_deliveries_total", "event=\"ping\"", "outcome=\"dead_lettered\"")).isEqualTo(1.0);
        assertThat(value(after, "gma_deliveries_total", "event=\"ping\"", "outcome=\"rejected_401\"")).isEqualTo(1.0);
        assertThat(value(after, "gma_publish_failures_total") - value(before, "gma_publish_failures_total")).isEqualTo(2.0);
        assertThat(value(after, "gma_dead_letters_total")).isEqualTo(1.0);
        assertThat(value(after, "gma_publish_seconds_count", "result=\"failure\"")).isGreaterThanOrEqualTo(2.0);
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("gma_publish_seconds_bucket{")); // a histogram
        assertThat(value(after, "gma_request_bytes_in_flight_bytes")).as("nothing in flight once answered").isZero();
    }
}
