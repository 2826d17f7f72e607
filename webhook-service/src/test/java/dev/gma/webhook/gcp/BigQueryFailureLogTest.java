package dev.gma.webhook.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.bigquery.TableId;
import dev.gma.webhook.domain.PublishException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failure log's streaming insert and its attempt count, through the real BigQuery client against WireMock. */
class BigQueryFailureLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = "/bigquery/v2/projects/p/datasets/ds/tables/failure_events/insertAll";
    private static final String QUERIES = "/bigquery/v2/projects/p/queries";
    private static final Instant AT = Instant.parse("2026-11-22T10:15:30.123Z");

    private final GoogleApiFake google = new GoogleApiFake();
    private final BigQueryFailureLog log = new BigQueryFailureLog(google.bigQuery(), TableId.of("p", "ds", "failure_events"));

    @BeforeEach
    void stubs() {
        google.server.stubFor(post(urlPathEqualTo(INSERT)).willReturn(okJson(GoogleApiFake.fixture("bigquery-insert-ok.json"))));
        google.server.stubFor(post(urlPathEqualTo(QUERIES))
                .willReturn(okJson(GoogleApiFake.fixture("bigquery-count.json").replace("{{attempts}}", "3"))));
    }

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void streamsOneRowWithAnInsertIdThenCountsTheDeliverysRowsWithANamedParameter() throws Exception {
        int attempts = log.recordFailure("d-42", "publishing to the events topic timed out after 8000 ms", AT);

        assertThat(attempts).isEqualTo(3);
        JsonNode insert = body(INSERT);
        assertThat(insert.at("/rows/0/insertId").asText()).isEqualTo("d-42/" + AT.toEpochMilli());
        assertThat(insert.at("/rows/0/json/delivery_id").asText()).isEqualTo("d-42");
        assertThat(insert.at("/rows/0/json/created").asText()).isEqualTo("2026-11-22T10:15:30.123Z");
        assertThat(insert.at("/rows/0/json/error").asText()).isEqualTo("publishing to the events topic timed out after 8000 ms");
        assertThat(insert.get("rows")).hasSize(1);

        JsonNode query = body(QUERIES);
        assertThat(query.get("useLegacySql").asBoolean()).isFalse();
        assertThat(query.get("query").asText()).contains("FROM `p.ds.failure_events`", "delivery_id = @delivery_id")
                .doesNotContain("d-42");
        assertThat(query.at("/queryParameters/0/name").asText()).isEqualTo("delivery_id");
        assertThat(query.at("/queryParameters/0/parameterValue/value").asText()).isEqualTo("d-42");
        google.server.verify(1, postRequestedFor(urlPathEqualTo(INSERT)));
        google.server.verify(1, postRequestedFor(urlPathEqualTo(QUERIES)));
    }

    @Test
    void aMissingErrorIsStoredAsEmptyText() throws Exception {
        log.recordFailure("d-43", null, AT);

        google.server.verify(postRequestedFor(urlPathEqualTo(INSERT))
                .withRequestBody(matchingJsonPath("$.rows[0].json.error", equalTo(""))));
    }

    @Test
    void aRowBigQueryRefusesIsAPublishExceptionAndNothingIsCounted() {
        google.server.stubFor(post(urlPathEqualTo(INSERT)).willReturn(okJson(GoogleApiFake.fixture("bigquery-insert-refused.json"))));

        assertThatThrownBy(() -> log.recordFailure("d-44", "x", AT)).isInstanceOf(PublishException.class)
                .hasMessageContaining("BigQuery refused the failure row")
                .hasMessageContaining("Could not parse");
        google.server.verify(0, postRequestedFor(urlPathEqualTo(QUERIES)));
    }

    @Test
    void anApiErrorIsAPublishExceptionNamingTheTable() {
        google.server.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody(GoogleApiFake.fixture("bigquery-access-denied.json"))));

        assertThatThrownBy(() -> log.recordFailure("d-45", "x", AT)).isInstanceOf(PublishException.class)
                .hasMessageContaining("recording the failure in failure_events failed")
                .hasMessageContaining("Access Denied");
    }

    private JsonNode body(String path) throws Exception {
        return JSON.readTree(google.server.findAll(postRequestedFor(urlPathEqualTo(path))).get(0).getBodyAsString());
    }
}
