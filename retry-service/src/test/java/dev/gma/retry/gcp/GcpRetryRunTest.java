package dev.gma.retry.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gma.github.TestKeys;
import dev.gma.retry.GitHubStubs;
import dev.gma.config.Modes;
import dev.gma.config.TestHooks;
import dev.gma.testing.SystemProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GCP mode end to end through {@code POST /retry}: the service in the Micronaut environment
 * {@code gcp}, its real BigQuery and Secret Manager clients against WireMock, its real Cloud
 * Storage client against the stateful fake, and a WireMock GitHub that checks the App JWT signed
 * with the key read from the secret.
 */
class GcpRetryRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // BigQuery in its own project (BIG_QUERY_PROJECT_ID "bq"); the secret stays in PROJECT_ID "p"
    private static final String QUERIES = "/bigquery/v2/projects/bq/queries";
    private static final String TABLES = "/bigquery/v2/projects/bq/datasets/ds/tables/";
    private static final String SECRET = "/v1/projects/p/secrets/gma-github-private-key/versions/latest:access";

    private final WireMockServer google = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private final WireMockServer github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private FakeCloudStorage gcs;
    private ApplicationContext context;
    private SystemProperties hooks;
    private EmbeddedServer server;

    @BeforeEach
    void start() throws Exception {
        google.start();
        github.start();
        gcs = FakeCloudStorage.start();
        GitHubStubs.stubThreePages(github);
        GitHubStubs.acceptRedeliveries(github);
        String pem = Base64.getEncoder().encodeToString(TestKeys.pkcs1Pem().getBytes(StandardCharsets.UTF_8));
        google.stubFor(get(urlPathEqualTo(SECRET)).willReturn(okJson(GcpFixtures.read("secret-version.json")
                .replace("{{base64}}", pem))));
        google.stubFor(post(urlPathEqualTo(QUERIES)).withRequestBody(containing("@github_instance_url"))
                .willReturn(okJson(GcpFixtures.read("bigquery-checkpoint-none.json"))));
        google.stubFor(post(urlPathEqualTo(QUERIES)).withRequestBody(containing("@guids"))
                .willReturn(okJson(GcpFixtures.read("bigquery-lookup.json")))); // g-C is stored, g-E is at the cap
        for (String table : List.of("redeliveries", "checkpoint")) {
            google.stubFor(post(urlPathEqualTo(TABLES + table + "/insertAll"))
                    .willReturn(okJson(GcpFixtures.read("bigquery-insert-ok.json"))));
        }
        hooks = SystemProperties.set(Map.of(TestHooks.BIGQUERY_HOST, google.baseUrl(),
                TestHooks.SECRET_MANAGER_ENDPOINT, google.baseUrl(), TestHooks.STORAGE_HOST, gcs.baseUrl()));
        context = ApplicationContext.run(Map.ofEntries(
                Map.entry("micronaut.server.port", -1),
                Map.entry("gma.retry.data-dir", Files.createTempDirectory("gma-retry-gcp").toString()),
                Map.entry("gma.retry.app-id", "42"),
                Map.entry("gma.retry.private-key", ""),
                Map.entry("gma.retry.api-base-url", github.baseUrl()),
                Map.entry("gma.retry.gcp.project-id", "p"),
                Map.entry("gma.retry.gcp.big-query-project-id", "bq"),
                Map.entry("gma.retry.gcp.dataset-id", "ds"),
                Map.entry("gma.retry.gcp.bucket-name", "locks"),
                Map.entry("gma.retry.gcp.checkpoint-table-id", "checkpoint"),
                Map.entry("gma.retry.gcp.events-table-id", "events"),
                Map.entry("gma.retry.gcp.redeliveries-table-id", "redeliveries"),
                Map.entry("gma.retry.gcp.private-key-secret-id", "projects/p/secrets/gma-github-private-key/versions/latest")),
                Modes.GCP);
        server = context.getBean(EmbeddedServer.class).start();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        if (hooks != null) {
            hooks.close();
        }
        if (gcs != null) {
            gcs.close();
        }
        github.stop();
        google.stop();
    }

    @Test
    void aRunRedeliversTheFailedGuidsLooksUpOncePerPageStreamsItsRowsAndReleasesTheLease() throws Exception {
        HttpResponse<String> response = retry();

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode summary = JSON.readTree(response.body());
        assertThat(summary.get("lock").asText()).isEqualTo("taken");
        assertThat(summary.get("complete").asBoolean()).isTrue();
        assertThat(summary.get("pages").asInt()).isEqualTo(3);
        assertThat(summary.get("already_stored").asInt()).isEqualTo(1);
        assertThat(summary.get("over_cap").asInt()).isEqualTo(1);
        assertThat(summary.get("redelivered").asInt()).isEqualTo(4);
        assertThat(summary.get("checkpoint_after").asLong()).isEqualTo(30);
        assertThat(GitHubStubs.redeliveredIds(github)).containsExactlyInAnyOrderElementsOf(GitHubStubs.EXPECTED_REDELIVERIES);
        google.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(QUERIES))
                .withRequestBody(containing("bq.ds.events"))); // the BigQuery project's dataset, not PROJECT_ID's
        for (LoggedRequest r : github.findAll(anyRequestedFor(anyUrl()))) { // signed with the key from the secret
            assertThat(TestKeys.verifyAppJwt(r.getHeader("Authorization").substring("Bearer ".length()), Instant.now())
                    .getIssuer()).isEqualTo("42");
        }
        google.verify(1, getRequestedFor(urlPathEqualTo(SECRET)));

        List<List<String>> lookups = new ArrayList<>();
        for (LoggedRequest r : google.findAll(postRequestedFor(urlPathEqualTo(QUERIES)).withRequestBody(containing("@guids")))) {
            List<String> guids = new ArrayList<>();
            JSON.readTree(r.getBodyAsString()).at("/queryParameters/0/parameterValue/arrayValues")
                    .forEach(v -> guids.add(v.get("value").asText()));
            lookups.add(guids);
        }
        assertThat(lookups).as("one lookup per page, for that page's failed GUIDs").hasSize(3);
        assertThat(lookups.get(0)).containsExactlyInAnyOrder("g-A", "g-C", "g-D");
        assertThat(lookups.get(1)).containsExactlyInAnyOrder("g-E", "g-G");
        assertThat(lookups.get(2)).containsExactlyInAnyOrder("g-H");

        List<String> recorded = new ArrayList<>();
        for (LoggedRequest r : google.findAll(postRequestedFor(urlPathEqualTo(TABLES + "redeliveries/insertAll")))) {
            JsonNode row = JSON.readTree(r.getBodyAsString()).at("/rows/0/json");
            assertThat(row.get("outcome").asText()).isEqualTo("REQUESTED");
            recorded.add(row.get("guid").asText() + "@" + row.get("delivery_id").asLong());
        }
        assertThat(recorded).containsExactlyInAnyOrder("g-A@30", "g-D@27", "g-G@23", "g-H@22");
        List<LoggedRequest> checkpoints = google.findAll(postRequestedFor(urlPathEqualTo(TABLES + "checkpoint/insertAll")));
        assertThat(checkpoints).hasSize(1);
        JsonNode checkpoint = JSON.readTree(checkpoints.get(0).getBodyAsString()).at("/rows/0/json");
        assertThat(checkpoint.get("delivery_id").asText()).isEqualTo("30");
        assertThat(checkpoint.get("github_instance_url").asText()).isEqualTo(github.baseUrl());

        assertThat(gcs.object("locks", "retry-lock")).as("lease released").isEmpty();
        assertThat(gcs.requests()).anySatisfy(r -> assertThat(r).startsWith("POST /upload/storage/v1/b/locks/o")
                .contains("ifGenerationMatch=0"));
        assertThat(gcs.requests()).anySatisfy(r -> assertThat(r).startsWith("DELETE /storage/v1/b/locks/o/retry-lock")
                .contains("ifGenerationMatch="));
    }

    @Test
    void aLeaseHeldInCloudStorageMeansTheRunDoesNothing() throws Exception {
        long generation = gcs.put("locks", "retry-lock", Map.of("owner", "another-run",
                "expires_at", Instant.now().plus(Duration.ofMinutes(5)).toString()));

        HttpResponse<String> response = retry();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("lock").asText()).isEqualTo("held");
        assertThat(github.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(google.findAll(postRequestedFor(urlPathEqualTo(QUERIES)))).isEmpty();
        assertThat(gcs.object("locks", "retry-lock")).get().extracting(FakeCloudStorage.StoredObject::generation)
                .isEqualTo(generation);
    }

    @Test
    void aBigQueryErrorFailsTheRunAndStillReleasesTheLease() throws Exception {
        google.stubFor(post(urlPathEqualTo(QUERIES)).withRequestBody(containing("@guids")).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(GcpFixtures.read("bigquery-error.json"))));

        HttpResponse<String> response = retry();

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"stopped_because\":\"store or lease error\"", "BigQueryException");
        assertThat(GitHubStubs.redeliveredIds(github)).isEmpty();
        assertThat(google.findAll(postRequestedFor(urlPathEqualTo(TABLES + "checkpoint/insertAll")))).isEmpty();
        assertThat(gcs.object("locks", "retry-lock")).as("lease released").isEmpty();
    }

    private HttpResponse<String> retry() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve("/retry"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
