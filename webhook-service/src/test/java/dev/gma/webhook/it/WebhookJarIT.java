package dev.gma.webhook.it;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gma.config.TestHooks;

import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.testing.JarProcess;
import dev.gma.testing.Testdata;
import dev.gma.webhook.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as `java -jar` exactly as the README says. */
class WebhookJarIT {

    private static final Path JAR = Path.of("target", "webhook-service.jar");
    private static final String SECRET = "it-secret";

    @TempDir Path dataDir;

    @Test
    void fiftyConcurrentDeliveriesAreAllStoredAndNoneTwice() throws Exception {
        try (JarProcess service = JarProcess.start(JAR, Map.of("GMA_DATA_DIR", dataDir.toString(),
                "GITHUB_WEBHOOK_SECRET", SECRET), List.of())) {
            service.awaitHealthy(Duration.ofSeconds(60));
            WebhookClient client = new WebhookClient(service.baseUri(), SECRET);
            List<Path> payloads = Testdata.webhookPayloads();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Path payload = payloads.get(i % payloads.size());
                    byte[] body = Files.readAllBytes(payload);
                    String id = "it-" + i;
                    answers.add(pool.submit(() -> client.deliver(id, Testdata.eventOf(payload), body)));
                }
                for (Future<HttpResponse<String>> answer : answers) {
                    assertThat(answer.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        try (Connection c = SqliteDatabase.openInDataDir(dataDir).connect();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT COUNT(*), COUNT(DISTINCT delivery_id) FROM events WHERE delivery_id LIKE 'it-%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows").isEqualTo(50);
            assertThat(rs.getInt(2)).as("distinct delivery ids").isEqualTo(50);
        }
    }

    @Test
    void gcpModeRefusesToStartWithoutItsSettingsAndNamesThem() throws Exception {
        try (JarProcess service = JarProcess.start(JAR, Map.of("PROJECT_ID", "p", "GMA_DATA_DIR", dataDir.toString()),
                List.of())) {
            assertThat(service.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(service.output()).contains("GITHUB_WEBHOOK_SECRET is required in GCP mode",
                    "EVENTS_TOPIC_ID is required in GCP mode", "GMA_EVENTS_TOKENS is required in GCP mode");
        }
    }

    /** Everything GCP mode needs, so that only what a test adds can stop it. */
    private Map<String, String> gcpEnv() {
        Map<String, String> env = new HashMap<>(Map.of("PROJECT_ID", "p", "GOOGLE_CLOUD_PROJECT", "p",
                "GITHUB_WEBHOOK_SECRET", SECRET, "DATASET_ID", "ds", "EVENTS_TOPIC_ID", "events",
                "DLQ_EVENTS_TOPIC_ID", "dlq", "PAYLOAD_BUCKET_NAME", "payloads", "GMA_DATA_DIR", dataDir.toString(),
                // no Application Default Credentials from this machine, no metadata-server probe
                "HOME", dataDir.toString(), "NO_GCE_CHECK", "true"));
        env.put("GMA_EVENTS_TOKENS", "it-events-token");
        return env;
    }

    @Test
    void gcpModeWithAFaultRateAndNoEmulatorHostExitsNamingTheSetting() throws Exception {
        Map<String, String> env = gcpEnv();
        env.put("GMA_FAULT_PUBLISH_FAILURE_RATE", "0.35");
        try (JarProcess service = JarProcess.start(JAR, env, List.of())) {
            assertThat(service.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(service.output()).contains("GMA_FAULT_PUBLISH_FAILURE_RATE is for system tests only")
                    .contains("PUBSUB_EMULATOR_HOST").doesNotContain("is required in GCP mode");
        }
    }

    /**
     * GMA_GCP_BIGQUERY_HOST (and the hooks' own names) in the environment reach nothing: the
     * failure log still goes to Google with the runtime's credentials, never to the host named.
     * The same jar with the hook as a system property in the test environment does reach it, so
     * the fake would have seen the request.
     */
    @Test
    void aBigQueryHostInTheEnvironmentChangesNothing() throws Exception {
        WireMockServer fake = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        fake.start();
        fake.stubFor(post(urlPathMatching("/bigquery/v2/projects/p/datasets/ds/tables/failure_events/insertAll"))
                .willReturn(okJson(new String(Testdata.bytes("gcp/bigquery-insert-ok.json"), StandardCharsets.UTF_8))));
        fake.stubFor(post(urlPathEqualTo("/bigquery/v2/projects/p/queries")).willReturn(okJson(
                new String(Testdata.bytes("gcp/bigquery-count.json"), StandardCharsets.UTF_8).replace("{{attempts}}", "1"))));
        Map<String, String> env = gcpEnv();
        // Pub/Sub answers nothing here, so every delivery fails and the failure log writes to BigQuery.
        env.putAll(Map.of("PUBSUB_EMULATOR_HOST", "127.0.0.1:" + JarProcess.freePort(), "PUBLISH_TIMEOUT", "1s"));
        Map<String, String> hooksInEnv = new HashMap<>(env);
        for (String name : List.of("GMA_GCP_BIGQUERY_HOST", "GMA_GCP_STORAGE_HOST", "GMA_TEST_BIGQUERY_HOST",
                "GMA_TEST_STORAGE_HOST")) {
            hooksInEnv.put(name, fake.baseUrl());
        }
        hooksInEnv.put("MICRONAUT_ENVIRONMENTS", "gcp,test"); // even with the test environment on
        try {
            try (JarProcess service = JarProcess.start(JAR, hooksInEnv, List.of())) {
                service.awaitHealthy(Duration.ofSeconds(60));
                HttpResponse<String> answer = new WebhookClient(service.baseUri(), SECRET)
                        .deliver(WebhookClient.newDeliveryId(), "issues", Testdata.bytes("issues.opened.json"));
                assertThat(answer.statusCode()).isEqualTo(500);
                assertThat(fake.getAllServeEvents()).as("requests that reached the host named in the environment").isEmpty();
                service.kill(); // its Pub/Sub channel to nowhere makes a graceful stop slow; nothing here needs one
            }

            try (JarProcess service = JarProcess.start(JAR, env, List.of("-Dmicronaut.environments=test",
                    "-D" + TestHooks.BIGQUERY_HOST + "=" + fake.baseUrl()))) {
                service.awaitHealthy(Duration.ofSeconds(60));
                String id = WebhookClient.newDeliveryId();
                HttpResponse<String> answer = new WebhookClient(service.baseUri(), SECRET)
                        .deliver(id, "issues", Testdata.bytes("issues.opened.json"));
                assertThat(answer.statusCode()).isEqualTo(500);
                fake.verify(1, postRequestedFor(urlPathMatching(".*/failure_events/insertAll")).withRequestBody(containing(id)));
                service.kill();
            }
        } finally {
            fake.stop();
        }
    }
}
