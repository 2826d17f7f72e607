package dev.gma.backfill.store;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gma.backfill.model.Checkpoint;
import dev.gma.backfill.model.EventRow;
import dev.gma.backfill.options.BackfillConfig.BigQueryTables;
import dev.gma.testing.Testdata;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GCP store through the real BigQuery client against a BigQuery fake on loopback. */
class BigQueryBackfillStoreTest {

    private static final String BASE = "/bigquery/v2/projects/my-project";
    private static final String EVENTS_INSERT = BASE + "/datasets/github/tables/events/insertAll";
    private static final String CHECKPOINT_INSERT = BASE + "/datasets/github/tables/backfill_checkpoint/insertAll";
    private static final BigQueryTables TABLES = new BigQueryTables("my-project", "github", "events");
    private static final EventRow EVENT = new EventRow("5f0c-delivery", "pull_request", "closed", "{\"action\":\"closed\"}",
            1001L, null, null, 6811672L, "octo-org", 1296270L, "octo-org/api", "octocat");

    private final WireMockServer bigQuery = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @BeforeEach
    void start() {
        bigQuery.start();
        bigQuery.stubFor(get(urlPathEqualTo(BASE + "/datasets/github/tables/backfill_checkpoint"))
                .willReturn(json(404, "{\"error\":{\"code\":404,\"message\":\"Not found\"}}")));
        bigQuery.stubFor(post(urlPathEqualTo(BASE + "/datasets/github/tables"))
                .willReturn(json(200, new String(Testdata.bytes("backfill/bigquery/checkpoint-table.json")))));
        bigQuery.stubFor(post(urlPathEqualTo(EVENTS_INSERT)).willReturn(json(200, insertOk())));
        bigQuery.stubFor(post(urlPathEqualTo(CHECKPOINT_INSERT)).willReturn(json(200, insertOk())));
        bigQuery.stubFor(post(urlPathEqualTo(BASE + "/queries")).willReturn(json(200,
                new String(Testdata.bytes("backfill/bigquery/checkpoint-query.json")))));
    }

    @AfterEach
    void stop() {
        bigQuery.stop();
    }

    @Test
    void createsTheCheckpointTableWhenMissingThenStreamsEventsBeforeTheCheckpoint() throws Exception {
        BigQueryBackfillStore store = BigQueryBackfillStore.at(bigQuery.baseUrl(), TABLES);
        bigQuery.verify(1, postRequestedFor(urlPathEqualTo(BASE + "/datasets/github/tables"))
                .withRequestBody(matchingJsonPath("$.tableReference.tableId", equalTo("backfill_checkpoint"))));

        store.writePage(List.of(EVENT), new Checkpoint("octo-org/api", "2026-06-01", Checkpoint.Phase.DEPLOYMENTS,
                "https://api.github.com/repos/octo-org/api/deployments?page=2", 41));

        JsonNode events = body(EVENTS_INSERT);
        assertThat(events.path("rows").get(0).path("insertId").asText()).isEqualTo("5f0c-delivery");
        JsonNode row = events.path("rows").get(0).path("json");
        assertThat(row.path("source").asText()).isEqualTo("backfill");
        assertThat(row.path("event").asText()).isEqualTo("pull_request");
        assertThat(row.path("repository_full_name").asText()).isEqualTo("octo-org/api");
        assertThat(row.path("received").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(row.has("enterprise_id")).isFalse();
        JsonNode checkpoint = body(CHECKPOINT_INSERT).path("rows").get(0).path("json");
        assertThat(checkpoint.path("phase").asText()).isEqualTo("DEPLOYMENTS");
        assertThat(checkpoint.path("events").asLong()).isEqualTo(41);
        long eventsAt = bigQuery.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith(EVENTS_INSERT))
                .findFirst().orElseThrow().getRequest().getLoggedDate().getTime();
        long checkpointAt = bigQuery.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().startsWith(CHECKPOINT_INSERT))
                .findFirst().orElseThrow().getRequest().getLoggedDate().getTime();
        assertThat(eventsAt).as("events are stored before the checkpoint passes them").isLessThanOrEqualTo(checkpointAt);
    }

    @Test
    void theNewestCheckpointIsReadWithQueryParameters() throws Exception {
        BigQueryBackfillStore store = BigQueryBackfillStore.at(bigQuery.baseUrl(), TABLES);
        Checkpoint checkpoint = store.checkpoint("octo-org/api", "2026-06-01").orElseThrow();
        assertThat(checkpoint.phase()).isEqualTo(Checkpoint.Phase.DEPLOYMENTS);
        assertThat(checkpoint.nextUrl()).endsWith("page=3");
        assertThat(checkpoint.events()).isEqualTo(240);
        JsonNode query = body(BASE + "/queries");
        assertThat(query.path("query").asText()).contains("`my-project.github.backfill_checkpoint`", "@repository",
                "@since").doesNotContain("octo-org/api");
    }

    @Test
    void aRefusedRowFailsThePageAndNoCheckpointIsWritten() {
        bigQuery.stubFor(post(urlPathEqualTo(EVENTS_INSERT)).willReturn(json(200,
                new String(Testdata.bytes("backfill/bigquery/insert-all-error.json")))));
        BigQueryBackfillStore store = BigQueryBackfillStore.at(bigQuery.baseUrl(), TABLES);
        assertThatThrownBy(() -> store.writePage(List.of(EVENT), Checkpoint.start("octo-org/api", "2026-06-01")))
                .hasMessageContaining("no such field: source");
        bigQuery.verify(0, postRequestedFor(urlPathEqualTo(CHECKPOINT_INSERT)));
    }

    private JsonNode body(String path) throws Exception {
        String body = bigQuery.findAll(postRequestedFor(urlPathEqualTo(path))).get(0).getBodyAsString();
        return new ObjectMapper().readTree(body);
    }

    private static String insertOk() {
        return new String(Testdata.bytes("backfill/bigquery/insert-all-ok.json"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
