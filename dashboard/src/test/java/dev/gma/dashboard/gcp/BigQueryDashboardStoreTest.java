package dev.gma.dashboard.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
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
import dev.gma.dashboard.DashboardStoreContract;
import dev.gma.dashboard.TestStores;
import dev.gma.dashboard.domain.DashboardStore;
import dev.gma.dashboard.domain.Query;
import dev.gma.dashboard.local.SqliteDashboardStore;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.testing.Testdata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same contract through the real BigQuery client against WireMock, where {@link FakeBigQuery}
 * runs each request's SQL and named parameters in ZetaSQL over the derived tables (rows of the
 * loaded testdata); plus what each request carries: named parameters in the body and never in
 * the SQL text, the bytes-billed cap, standard SQL, the dataset's tables by their checked names.
 */
class BigQueryDashboardStoreTest extends DashboardStoreContract {

    private static final String QUERIES = "/bigquery/v2/projects/p/queries";
    private static final long CAP = 123_456_789L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The derived tables the dashboard reads. */
    private static final List<String> TABLES = List.of("dora_deployment_frequency", "dora_change_failure_rate", "dora_changes",
            "dora_incidents", "pull_requests", "workflow_runs", "deployments");
    private static final List<String> NAMES = List.of("deployment_frequency", "change_failure", "changes", "incidents",
            "pull_requests", "workflow_runs", "deployments", "repositories", "latest_activity", "teams");

    @TempDir
    static Path dir;
    private static WireMockServer bq;
    private static BigQueryDashboardStore store;

    @BeforeAll
    static void start() {
        SqliteDashboardStore local = TestStores.loaded(dir);
        List<String[]> teams = new ArrayList<>();
        local.teams().forEach((team, repos) -> repos.forEach(r -> teams.add(new String[] {team, r})));
        bq = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                .extensions(new FakeBigQuery("p.gma", Testdata.root().resolveSibling("terraform"),
                        SqliteDatabase.openInDataDir(dir), teams, TABLES)));
        bq.start();
        bq.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));
        BigQuery client = BigQueryOptions.newBuilder().setHost(bq.baseUrl()).setProjectId("p")
                .setCredentials(NoCredentials.getInstance()).build().getService();
        store = new BigQueryDashboardStore(client, "p.gma", "p.gma.teams", CAP);
    }

    @AfterAll
    static void stop() {
        if (bq != null) {
            bq.stop();
        }
    }

    @BeforeEach
    void forgetRequests() {
        bq.resetRequests();
    }

    @Override
    protected DashboardStore store() {
        return store;
    }

    @Test
    void filtersAndRangeTravelAsNamedParametersInTheBodyNeverInTheSqlText() throws Exception {
        String evil = "x' OR '1'='1";
        store.deployments(new Query(java.time.LocalDate.parse("2026-11-16"), java.time.LocalDate.parse("2026-11-22"),
                "octo-org", evil, "payments", List.of("octo-org/payments")));

        List<LoggedRequest> requests = bq.findAll(postRequestedFor(urlPathEqualTo(QUERIES)));
        assertThat(requests).hasSize(1);
        JsonNode body = JSON.readTree(requests.get(0).getBodyAsString());
        String sql = body.path("query").asText();
        assertThat(body.path("useLegacySql").asBoolean(true)).isFalse();
        assertThat(sql).contains("`p.gma.deployments`", "@from_ts", "@to_ts", "@organization", "@repository",
                "@team_filter", "IN UNNEST(@team_repositories)")
                .doesNotContain("2026-11-16", "2026-11-23", "octo-org", "payments", evil);
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        body.path("queryParameters").forEach(p -> parameters.put(p.path("name").asText(), p));
        assertThat(parameters.keySet()).containsExactlyInAnyOrder("from_ts", "to_ts", "organization", "repository",
                "team_filter", "team_repositories");
        assertThat(parameters.get("from_ts").at("/parameterType/type").asText()).isEqualTo("TIMESTAMP");
        assertThat(parameters.get("from_ts").at("/parameterValue/value").asText()).startsWith("2026-11-16 00:00:00");
        assertThat(parameters.get("to_ts").at("/parameterValue/value").asText()).startsWith("2026-11-23 00:00:00");
        assertThat(parameters.get("repository").at("/parameterValue/value").asText()).isEqualTo(evil);
        assertThat(parameters.get("team_filter").at("/parameterValue/value").asText()).isEqualTo("true");
        assertThat(parameters.get("team_repositories").at("/parameterType/arrayType/type").asText()).isEqualTo("STRING");
        List<String> repos = new ArrayList<>();
        parameters.get("team_repositories").at("/parameterValue/arrayValues").forEach(v -> repos.add(v.path("value").asText()));
        assertThat(repos).containsExactly("octo-org/payments");
    }

    @Test
    void everyQueryCarriesTheBytesBilledCapAndALabel() throws Exception {
        Query q = week();
        store.deploymentFrequency(q);
        store.changeFailure(q);
        store.changes(q);
        store.incidents(q);
        store.pullRequests(q);
        store.workflowRuns(q);
        store.deployments(q);
        store.repositories();
        store.latestActivity();
        store.teams();
        List<LoggedRequest> requests = bq.findAll(postRequestedFor(urlPathEqualTo(QUERIES)));
        assertThat(requests).hasSize(NAMES.size());
        for (LoggedRequest r : requests) {
            JsonNode body = JSON.readTree(r.getBodyAsString());
            assertThat(body.path("maximumBytesBilled").asText()).as("cap of %s", body.path("query").asText())
                    .isEqualTo(String.valueOf(CAP));
            assertThat(body.path("labels").path("gma-component").asText()).isEqualTo("dashboard");
            assertThat(body.path("queryParameters")).allSatisfy(p -> assertThat(p.hasNonNull("name")).isTrue());
        }
    }

    @Test
    void theDefaultRangeNeedsOnlyTheUnfilteredLatestActivity() throws Exception {
        assertThat(store.latestActivity()).contains(java.time.LocalDate.parse("2026-11-21"));
        JsonNode body = JSON.readTree(bq.findAll(postRequestedFor(urlPathEqualTo(QUERIES))).get(0).getBodyAsString());
        assertThat(body.path("query").asText()).contains("`p.gma.pull_requests`", "`p.gma.deployments`", "`p.gma.workflow_runs`");
    }

    /** BigQuery refuses a query that would bill more than the cap; the store's failure names it (the HTTP answer is 500 with it). */
    @Test
    void aQueryOverTheBytesBilledCapFailsNamingTheCap() {
        WireMockServer refusing = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        refusing.start();
        try {
            refusing.stubFor(post(urlPathEqualTo(QUERIES)).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(400).withHeader("Content-Type", "application/json")
                    .withBody(Testdata.bytes("gcp/bigquery-bytes-billed-limit.json"))));
            BigQuery client = BigQueryOptions.newBuilder().setHost(refusing.baseUrl()).setProjectId("p")
                    .setCredentials(NoCredentials.getInstance()).build().getService();
            BigQueryDashboardStore capped = new BigQueryDashboardStore(client, "p.gma", "p.gma.teams", CAP);
            assertThatThrownBy(() -> capped.deploymentFrequency(week()))
                    .hasMessageContaining("Query exceeded limit for bytes billed: 123456789");
            assertThat(refusing.findAll(postRequestedFor(urlPathEqualTo(QUERIES)))).as("refused once, not retried").hasSize(1);
        } finally {
            refusing.stop();
        }
    }

    @Test
    void aNameThatIsNotATableNameIsRefusedUpFrontAndACapMustBePositive() {
        BigQuery client = BigQueryOptions.newBuilder().setHost(bq.baseUrl()).setProjectId("p")
                .setCredentials(NoCredentials.getInstance()).build().getService();
        assertThatThrownBy(() -> new BigQueryDashboardStore(client, "p.gma` WHERE TRUE --", "p.gma.teams", CAP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WHERE TRUE");
        assertThatThrownBy(() -> new BigQueryDashboardStore(client, "p.gma", "p.gma.teams", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum bytes billed");
    }
}
