package dev.gma.cli;

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
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import dev.gma.cli.gcp.BigQueryStatus;
import dev.gma.testing.Testdata;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gma status in GCP mode: the real BigQuery client against WireMock, what it sends and how it reads the answer. */
class BigQueryStatusTest {

    private static final String QUERIES = "/bigquery/v2/projects/bq/queries";
    private final WireMockServer bq = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private BigQuery client;

    @BeforeEach
    void start() throws Exception {
        bq.start();
        bq.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(okJson(Files.readString(Testdata.file("gcp/bigquery-status.json")))));
        client = BigQueryOptions.newBuilder().setHost(bq.baseUrl()).setProjectId("bq")
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }

    @AfterEach
    void stop() {
        bq.stop();
    }

    @Test
    void oneBoundedParameterisedQueryCappedInBytes() throws Exception {
        Instant now = Instant.parse("2026-11-30T01:00:00Z");
        StatusReport report = new BigQueryStatus(client, "bq", "ds").status(now);

        assertThat(report.eventsByType()).containsExactly(Map.entry("pull_request", 42L), Map.entry("push", 17L));
        assertThat(report.publishFailures()).isEqualTo(3);
        assertThat(report.deadLetters()).isNull();
        assertThat(report.redeliveries()).containsExactly(Map.entry("REDELIVERED", 2L));
        assertThat(report.leech()).containsEntry("SUCCESS", 9L).containsEntry("NOT_FOUND", 1L);
        assertThat(report.lastCheckpoint()).containsEntry("delivery_id", "123456").containsEntry("created", "2026-11-29T23:00:00Z");

        JsonNode sent = new ObjectMapper().readTree(bq.findAll(postRequestedFor(urlPathEqualTo(QUERIES))).get(0).getBodyAsString());
        String sql = sent.path("query").asText();
        assertThat(sql).contains("`bq.ds.events`", "received >= @since", "`bq.ds.checkpoint`")
                .doesNotContain("2026-11-29"); // the bounds travel as parameters, never in the text
        assertThat(sent.path("queryParameters").toString()).contains("\"since\"", "2026-11-29 01:00:00", "\"checkpoint_since\"");
        assertThat(sent.path("maximumBytesBilled").asText()).isEqualTo("10737418240");
    }

    @Test
    void identifiersAreCheckedNotPastedBlindly() {
        assertThatThrownBy(() -> new BigQueryStatus(client, "bq", "ds`; DROP TABLE x; --"))
                .isInstanceOf(CliSettings.UsageException.class);
    }

    @Test
    void gcpStatusNeedsTheDataset() {
        LocalCommandsTest.Run run = LocalCommandsTest.gma(Map.of("PROJECT_ID", "p"), "status");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("DATASET_ID");
    }
}
