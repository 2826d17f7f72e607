package dev.gma.retry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gma.github.DeliveriesJson;
import dev.gma.github.TestKeys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ten Cloud Scheduler triggers at once through the real HTTP server: one run works, nine see the lease. */
class ConcurrentRetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tenConcurrentTriggersExactlyOneDoesTheWorkAndTheLeaseIsReleased() throws Exception {
        WireMockServer github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(okJson(new DeliveriesJson()
                .add(12, "g-1", 500).add(11, "g-2", 500).toString()).withFixedDelay(1000)));
        github.stubFor(post(urlPathMatching("/app/hook/deliveries/\\d+/attempts")).willReturn(aResponse().withStatus(202)));
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "gma.retry.data-dir", Files.createTempDirectory("gma-retry").toString(),
                "gma.retry.app-id", "42",
                "gma.retry.private-key", TestKeys.pkcs1Pem(),
                "gma.retry.api-base-url", github.baseUrl()))) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            HttpClient http = HttpClient.newHttpClient();
            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(() -> http.send(HttpRequest.newBuilder(server.getURI().resolve("/retry"))
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString())));
            }
            int taken = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                JsonNode summary = JSON.readTree(response.body());
                taken += summary.get("lock").asText().equals("taken") ? 1 : 0;
                assertThat(summary.has("checkpoint_before")).as("null fields are listed too: " + summary).isTrue();
                assertThat(summary.get("errors").isArray()).isTrue();
            }
            pool.shutdownNow();
            assertThat(taken).isEqualTo(1);
            assertThat(github.findAll(postRequestedFor(urlPathMatching("/app/hook/deliveries/\\d+/attempts")))).hasSize(2);

            HttpResponse<String> after = http.send(HttpRequest.newBuilder(server.getURI().resolve("/retry"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(after.body()).get("lock").asText()).as("released after the run").isEqualTo("taken");
        } finally {
            github.stop();
        }
    }
}
