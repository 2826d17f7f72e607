package dev.gma.webhook.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gma.config.TestHooks;
import dev.gma.testing.PubSubEmulator;
import dev.gma.testing.RequiredTool;
import dev.gma.testing.SystemProperties;
import dev.gma.testing.Testdata;
import dev.gma.webhook.WebhookClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GCP mode end to end: the real HTTP server, micronaut-gcp-pubsub against the official Pub/Sub
 * emulator, and the real BigQuery and Cloud Storage clients against WireMock. Without gcloud each
 * test is reported skipped (GMA_REQUIRE_EMULATOR=true makes that a failure); the adapters'
 * decisions are covered everywhere by PubSubEventPublisherTest, BigQueryFailureLogTest,
 * PayloadArchiveTest and GcpWiringTest.
 */
class GcpModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "gcp-secret";
    private static PubSubEmulator emulator;
    private static WireMockServer google;
    private static ApplicationContext context;
    private static WebhookClient client;
    private static SystemProperties hooks;

    @BeforeAll
    static void start() throws Exception {
        if (!RequiredTool.GCLOUD.present()) {
            return; // each test reports its skip (see skipWithoutTheEmulator); with GMA_REQUIRE_EMULATOR=true present() failed
        }
        emulator = PubSubEmulator.start();
        for (String topic : List.of("events", "dlq")) {
            emulator.createTopic(topic);
        }
        google = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        google.start();
        stubGoogle(1);
        hooks = SystemProperties.set(Map.of(TestHooks.BIGQUERY_HOST, google.baseUrl(), TestHooks.STORAGE_HOST, google.baseUrl()));
        context = ApplicationContext.run(Map.ofEntries(
                Map.entry("micronaut.server.port", -1),
                Map.entry("pubsub.emulator.host", emulator.hostPort()),
                Map.entry("gcp.project-id", PubSubEmulator.PROJECT),
                Map.entry("gma.gcp.project-id", PubSubEmulator.PROJECT),
                Map.entry("gma.gcp.dataset-id", "ds"),
                Map.entry("gma.gcp.events-topic-id", "events"),
                Map.entry("gma.gcp.dlq-events-topic-id", "dlq"),
                Map.entry("gma.gcp.payload-bucket-name", "payloads"),
                Map.entry("gma.webhook.secret", SECRET),
                Map.entry("gma.webhook.retry-limit", 2),
                Map.entry("gma.webhook.data-dir", Files.createTempDirectory("gma-gcp").toString())), "gcp");
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        client = new WebhookClient(server.getURI(), SECRET);
    }

    @BeforeEach
    void skipWithoutTheEmulator() {
        RequiredTool.GCLOUD.assumePresent();
    }

    @AfterAll
    static void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        if (hooks != null) {
            hooks.close();
        }
        if (google != null) {
            google.stop();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void theMessageOnTheEventsTopicCarriesTheProtoJsonFields() throws Exception {
        String subscription = subscribe("events");
        byte[] body = Testdata.bytes("pull_request.opened.json");
        String id = WebhookClient.newDeliveryId();
        assertThat(client.deliver(id, "pull_request", body).statusCode()).isEqualTo(201);

        JsonNode message = onlyMessage(subscription, id);
        assertThat(message.get("event").asText()).isEqualTo("pull_request");
        assertThat(message.get("action").asText()).isEqualTo("opened");
        assertThat(message.get("installation_id").asLong()).isEqualTo(43215678L);
        assertThat(message.get("enterprise_name").asText()).isEqualTo("octo-enterprise");
        assertThat(message.get("repository_full_name").asText()).isEqualTo("octo-org/hello-world");
        assertThat(message.get("received").asText()).endsWith("Z");
        assertThat(message.get("payload").asText()).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void a12MbPayloadIsClaimCheckedToCloudStorageAndTheMessageCarriesItsUri() throws Exception {
        String subscription = subscribe("events");
        byte[] body = Files.readAllBytes(Testdata.file("issues.opened.json"));
        String padded = new String(body, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(12_000_000) + "\",");
        String id = WebhookClient.newDeliveryId();
        stubUploadedSize(padded.getBytes(StandardCharsets.UTF_8).length);
        assertThat(client.deliver(id, "issues", padded.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);

        JsonNode message = onlyMessage(subscription, id);
        assertThat(message.has("payload")).isFalse();
        assertThat(message.get("payload_uri").asText()).isEqualTo("gs://payloads/payloads/" + id + ".json");
        google.verify(postRequestedFor(urlPathEqualTo("/upload/storage/v1/b/payloads/o"))
                .withRequestBody(containing("payloads/" + id + ".json")));
        google.verify(putRequestedFor(urlPathEqualTo("/upload/session-1")).withRequestBody(containing("xxxxxxxxxx")));
    }

    @Test
    void aFailedPublishIsRecordedAndAnswered500UntilTheRetryLimitThenDeadLettered() throws Exception {
        String deadLetters = subscribe("dlq");
        emulator.deleteTopic("events");
        try {
            String id = WebhookClient.newDeliveryId();
            byte[] body = Testdata.bytes("issues.opened.json");
            HttpResponse<String> first = client.deliver(id, "issues", body);
            assertThat(first.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(first.body()).get("errors").get(0).asText()).contains("GitHub will redeliver");
            google.verify(postRequestedFor(urlPathMatching(".*/datasets/ds/tables/failure_events/insertAll"))
                    .withRequestBody(containing(id)));
            google.verify(postRequestedFor(urlPathEqualTo("/bigquery/v2/projects/test-project/queries"))
                    .withRequestBody(containing("@delivery_id")).withRequestBody(containing(id)));

            stubGoogle(2); // the failure table now holds RETRY_LIMIT failures of this delivery
            HttpResponse<String> second = client.deliver(id, "issues", body);
            assertThat(second.statusCode()).isEqualTo(201);
            assertThat(JSON.readTree(second.body()).get("outcome").asText()).isEqualTo("dead_lettered");
            assertThat(onlyMessage(deadLetters, id).get("event").asText()).isEqualTo("issues");
        } finally {
            emulator.createTopic("events");
            stubGoogle(1);
        }
    }

    private static JsonNode onlyMessage(String subscription, String deliveryId) throws Exception {
        List<String> messages = emulator.pull(subscription, 1, Duration.ofSeconds(20));
        assertThat(messages).as("messages on " + subscription).hasSize(1);
        JsonNode message = JSON.readTree(messages.get(0));
        assertThat(message.get("delivery_id").asText()).isEqualTo(deliveryId);
        return message;
    }

    private static void stubGoogle(int attempts) throws IOException {
        google.resetMappings();
        google.stubFor(post(urlPathMatching("/bigquery/v2/projects/test-project/datasets/ds/tables/failure_events/insertAll"))
                .willReturn(okJson(fixture("bigquery-insert-ok.json"))));
        google.stubFor(post(urlPathEqualTo("/bigquery/v2/projects/test-project/queries"))
                .willReturn(okJson(fixture("bigquery-count.json").replace("{{attempts}}", Integer.toString(attempts)))));
        google.stubFor(post(urlPathEqualTo("/upload/storage/v1/b/payloads/o"))
                .willReturn(aResponse().withStatus(200).withHeader("Location", google.baseUrl() + "/upload/session-1")));
        google.stubFor(put(urlPathEqualTo("/upload/session-1"))
                .willReturn(okJson(fixture("gcs-object.json").replace("{{size}}", "0"))));
    }

    /** Cloud Storage checks the finalized size against what it sent. */
    private static void stubUploadedSize(long size) throws IOException {
        google.stubFor(put(urlPathEqualTo("/upload/session-1"))
                .willReturn(okJson(fixture("gcs-object.json").replace("{{size}}", Long.toString(size)))));
    }

    private static String fixture(String name) {
        return GoogleApiFake.fixture(name);
    }

    /** A subscription of its own per test, made before the test publishes. */
    private static String subscribe(String topic) throws Exception {
        String name = topic + "-" + java.util.UUID.randomUUID();
        emulator.createSubscription(name, topic);
        return name;
    }
}
