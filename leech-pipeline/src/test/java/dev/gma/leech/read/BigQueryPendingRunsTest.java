package dev.gma.leech.read;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gma.leech.model.PendingEvent;
import dev.gma.leech.options.LeechConfig.BigQueryTables;
import dev.gma.testing.Testdata;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GCP read, through the real BigQuery client, against a BigQuery fake on loopback. */
class BigQueryPendingRunsTest {

    private static final String QUERIES = "/bigquery/v2/projects/my-project/queries";

    private final WireMockServer bigQuery = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    @BeforeEach
    void start() {
        bigQuery.start();
        bigQuery.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Testdata.bytes("leech/bigquery-pending-runs.json"))));
    }

    @AfterEach
    void stop() {
        bigQuery.stop();
    }

    @Test
    void readsRowsWithTheLimitsAsQueryParametersNotInTheSqlText() throws Exception {
        BigQueryPendingRuns source = new BigQueryPendingRuns(
                new BigQueryTables("my-project", "github", "events", "leech_status"), bigQuery.baseUrl());

        List<PendingEvent> pending = source.read(250, 4, Instant.parse("2026-09-01T00:00:00Z"));

        assertThat(pending).containsExactly(
                new PendingEvent("d-inline", "{\"workflow_run\":{}}", null, 1),
                new PendingEvent("d-claim-check", null, "gs://payloads/d-claim-check.json", 3));
        bigQuery.verify(1, postRequestedFor(urlPathEqualTo(QUERIES))
                .withRequestBody(matchingJsonPath("$.useLegacySql", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.queryParameters[?(@.name == 'batch_size')].parameterValue.value",
                        equalTo("250")))
                .withRequestBody(matchingJsonPath("$.queryParameters[?(@.name == 'max_attempts')].parameterValue.value",
                        equalTo("4")))
                .withRequestBody(matchingJsonPath("$.queryParameters[?(@.name == 'received_since')].parameterType.type",
                        equalTo("TIMESTAMP"))));
        LoggedRequest request = bigQuery.findAll(postRequestedFor(urlPathEqualTo(QUERIES))).get(0);
        String query = new ObjectMapper().readTree(request.getBodyAsString())
                .get("query").asText();
        assertThat(query).contains("`my-project.github.events`", "`my-project.github.leech_status`",
                "@max_attempts", "@batch_size", "e.received >= @received_since").doesNotContain("250")
                .doesNotContain("2026-09-01");
    }
}
