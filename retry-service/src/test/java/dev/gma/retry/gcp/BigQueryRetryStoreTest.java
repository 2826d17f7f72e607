package dev.gma.retry.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.TableId;
import dev.gma.retry.domain.Checkpoint;
import dev.gma.retry.domain.GuidState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The BigQuery adapter against WireMock behind the real client: what it sends, and how it reads the answers. */
class BigQueryRetryStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERIES = "/bigquery/v2/projects/p/queries";
    private static final String TABLES = "/bigquery/v2/projects/p/datasets/ds/tables/";
    private final WireMockServer bq = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private BigQueryRetryStore store;

    @BeforeEach
    void start() {
        bq.start();
        BigQuery client = BigQueryOptions.newBuilder().setHost(bq.baseUrl()).setProjectId("p")
                .setCredentials(NoCredentials.getInstance()).build().getService();
        store = new BigQueryRetryStore(client, TableId.of("p", "ds", "checkpoint"), TableId.of("p", "ds", "redeliveries"),
                TableId.of("p", "ds", "events"));
    }

    @AfterEach
    void stop() {
        bq.stop();
    }

    @Test
    void aPageOfGuidsIsOneQueryWithTheGuidsAsAnArrayParameterNeverInTheSqlText() throws Exception {
        bq.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(okJson(GcpFixtures.read("bigquery-lookup.json"))));
        Set<String> guids = new LinkedHashSet<>(List.of("g-A", "g-C", "g-E", "x' OR '1'='1"));

        Map<String, GuidState> states = store.lookup(guids, java.time.Instant.parse("2026-11-15T00:00:00Z"));

        assertThat(states).containsOnly(Map.entry("g-C", new GuidState(true, 0, 0)),
                Map.entry("g-E", new GuidState(false, 5, 5)));
        List<LoggedRequest> queries = bq.findAll(postRequestedFor(urlPathEqualTo(QUERIES)));
        assertThat(queries).hasSize(1);
        JsonNode body = JSON.readTree(queries.get(0).getBodyAsString());
        String sql = body.get("query").asText();
        assertThat(body.get("useLegacySql").asBoolean()).isFalse();
        assertThat(body.get("queryParameters")).as("named, not positional")
                .allSatisfy(p -> assertThat(p.hasNonNull("name")).isTrue());
        assertThat(sql).contains("`p.ds.events`", "`p.ds.redeliveries`", "IN UNNEST(@guids)",
                "received >= @received_since").doesNotContain("2026-11-15");
        guids.forEach(g -> assertThat(sql).doesNotContain(g));
        JsonNode since = body.get("queryParameters").get(1);
        assertThat(since.get("name").asText()).isEqualTo("received_since");
        assertThat(since.at("/parameterType/type").asText()).isEqualTo("TIMESTAMP");
        assertThat(since.at("/parameterValue/value").asText()).startsWith("2026-11-15 00:00:00");
        JsonNode parameter = body.get("queryParameters").get(0);
        assertThat(parameter.get("name").asText()).isEqualTo("guids");
        assertThat(parameter.at("/parameterType/type").asText()).isEqualTo("ARRAY");
        assertThat(parameter.at("/parameterType/arrayType/type").asText()).isEqualTo("STRING");
        List<String> values = new ArrayList<>();
        parameter.at("/parameterValue/arrayValues").forEach(v -> values.add(v.get("value").asText()));
        assertThat(values).containsExactlyInAnyOrderElementsOf(guids);
    }

    @Test
    void anEmptyPageAsksNothing() {
        assertThat(store.lookup(Set.of(), java.time.Instant.EPOCH)).isEmpty();
        assertThat(bq.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void theCheckpointIsTheNewestOfTheInstanceAskedWithAParameter() throws Exception {
        bq.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(okJson(GcpFixtures.read("bigquery-checkpoint.json"))));

        Checkpoint checkpoint = store.latest("https://api.github.com").orElseThrow();

        assertThat(checkpoint).isEqualTo(new Checkpoint(30, Instant.parse("2026-11-19T10:00:00.123456Z"),
                "https://api.github.com"));
        JsonNode body = JSON.readTree(bq.findAll(postRequestedFor(urlPathEqualTo(QUERIES))).get(0).getBodyAsString());
        assertThat(body.get("query").asText()).contains("`p.ds.checkpoint`", "@github_instance_url",
                "ORDER BY SAFE_CAST(delivery_id AS INT64) DESC LIMIT 1").doesNotContain("api.github.com");
        JsonNode parameter = body.get("queryParameters").get(0);
        assertThat(parameter.get("name").asText()).isEqualTo("github_instance_url");
        assertThat(parameter.at("/parameterType/type").asText()).isEqualTo("STRING");
        assertThat(parameter.at("/parameterValue/value").asText()).isEqualTo("https://api.github.com");
    }

    @Test
    void noCheckpointRowMeansNoCheckpoint() {
        bq.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(okJson(GcpFixtures.read("bigquery-checkpoint-none.json"))));

        assertThat(store.latest("https://api.github.com")).isEmpty();
    }

    @Test
    void redeliveriesAndCheckpointsAreStreamedAsRowsWithInsertIds() throws Exception {
        String ok = GcpFixtures.read("bigquery-insert-ok.json");
        bq.stubFor(post(urlPathEqualTo(TABLES + "redeliveries/insertAll")).willReturn(okJson(ok)));
        bq.stubFor(post(urlPathEqualTo(TABLES + "checkpoint/insertAll")).willReturn(okJson(ok)));
        Instant at = Instant.parse("2026-11-22T10:00:00Z");

        store.recordRedelivery("g-A", 30, at, 202, "REQUESTED");
        store.save(new Checkpoint(30, at, "https://api.github.com"));

        JsonNode redelivery = JSON.readTree(bq.findAll(postRequestedFor(urlPathEqualTo(TABLES + "redeliveries/insertAll")))
                .get(0).getBodyAsString()).get("rows").get(0);
        assertThat(redelivery.get("insertId").asText()).isNotBlank();
        assertThat(redelivery.get("json").get("guid").asText()).isEqualTo("g-A");
        assertThat(redelivery.get("json").get("delivery_id").asLong()).isEqualTo(30);
        assertThat(redelivery.get("json").get("attempted_at").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(redelivery.get("json").get("status_code").asInt()).isEqualTo(202);
        assertThat(redelivery.get("json").get("outcome").asText()).isEqualTo("REQUESTED");
        JsonNode checkpoint = JSON.readTree(bq.findAll(postRequestedFor(urlPathEqualTo(TABLES + "checkpoint/insertAll")))
                .get(0).getBodyAsString()).get("rows").get(0).get("json");
        assertThat(checkpoint.get("delivery_id").isTextual()).as("STRING column").isTrue();
        assertThat(checkpoint.get("delivery_id").asText()).isEqualTo("30");
        assertThat(checkpoint.get("github_instance_url").asText()).isEqualTo("https://api.github.com");
        assertThat(bq.findAll(postRequestedFor(urlPathEqualTo(QUERIES)))).as("no DML").isEmpty();
    }

    @Test
    void aRefusedRowIsAnError() {
        bq.stubFor(post(urlPathEqualTo(TABLES + "redeliveries/insertAll"))
                .willReturn(okJson(GcpFixtures.read("bigquery-insert-refused.json"))));

        assertThatThrownBy(() -> store.recordRedelivery("g-A", 30, Instant.now(), 202, "REQUESTED"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("redeliveries");
    }

    @Test
    void aTableNameThatIsNotANameIsRefusedUpFront() {
        BigQuery client = BigQueryOptions.newBuilder().setHost(bq.baseUrl()).setProjectId("p")
                .setCredentials(NoCredentials.getInstance()).build().getService();

        assertThatThrownBy(() -> new BigQueryRetryStore(client, TableId.of("p", "ds", "checkpoint"),
                TableId.of("p", "ds", "redeliveries"), TableId.of("p", "ds", "events` WHERE TRUE --")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events`");
    }
}
