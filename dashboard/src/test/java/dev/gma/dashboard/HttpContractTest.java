package dev.gma.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP contract of the app over a loaded store: pages, JSON API, errors, health, assets. */
class HttpContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        TestStores.loaded(dir);
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1, "gma.dashboard.data-dir", dir.toString()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(10)).header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode errors(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode errors = JSON.readTree(response.body()).path("errors");
        assertThat(errors.isArray()).as(response.body()).isTrue();
        assertThat(errors).isNotEmpty();
        return errors;
    }

    @Test
    void everyPageIsServedWithAPolicyThatKeepsItOnThisServer() throws Exception {
        for (String page : new String[] {"/", "/flow", "/ci", "/deployments"}) {
            HttpResponse<String> r = send("GET", page, "text/html");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-security-policy")).hasValueSatisfying(v ->
                    assertThat(v).contains("default-src 'self'", "connect-src 'self'", "script-src 'self'"));
            assertThat(r.body()).contains("/webjars/echarts/5.3.1/dist/echarts.min.js", "id=\"filters\"")
                    .doesNotContain("{{", "https://");
        }
        HttpResponse<String> echarts = send("GET", "/webjars/echarts/5.3.1/dist/echarts.min.js", "*/*");
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body()).contains("echarts");
        assertThat(send("GET", "/assets/app.js", "*/*").statusCode()).isEqualTo(200);
    }

    @Test
    void theApiAnswersNumbersForTheFilters() throws Exception {
        HttpResponse<String> r = send("GET", "/api/dora?from=2026-11-16&to=2026-11-22&team=payments", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/filter/team_repositories/0").asText()).isEqualTo("octo-org/payments");
        assertThat(body.at("/metrics/lead_time/value").asDouble()).isEqualTo(3.0);
        assertThat(body.at("/metrics/change_failure_rate/level").asText()).isEqualTo("low");
        JsonNode filters = JSON.readTree(send("GET", "/api/filters", "application/json").body());
        assertThat(filters.path("organizations").toString()).isEqualTo("[\"octo-org\"]");
        assertThat(filters.path("latest_activity").asText()).isEqualTo("2026-11-21");
        assertThat(JSON.readTree(send("GET", "/health", "application/json").body()).toString())
                .contains("\"status\":\"UP\"", "\"mode\":\"local\"");
    }

    @Test
    void errorsUseTheJsonContractFrameworkOnesIncluded() throws Exception {
        HttpResponse<String> notFound = send("GET", "/nothing-here", "text/html");
        assertThat(notFound.statusCode()).isEqualTo(404);
        errors(notFound);
        HttpResponse<String> notAllowed = send("POST", "/api/dora", "text/html");
        assertThat(notAllowed.statusCode()).isEqualTo(405);
        assertThat(errors(notAllowed).get(0).asText()).contains("POST");
        HttpResponse<String> badDay = send("GET", "/api/flow?from=2026-02-30", "application/json");
        assertThat(badDay.statusCode()).isEqualTo(400);
        assertThat(errors(badDay).get(0).asText()).isEqualTo("from must be a day as YYYY-MM-DD, got '2026-02-30'");
        HttpResponse<String> backwards = send("GET", "/api/ci?from=2026-11-22&to=2026-11-16", "application/json");
        assertThat(errors(backwards).get(0).asText()).contains("after");
        HttpResponse<String> tooLong = send("GET", "/api/ci?from=2020-01-01&to=2026-11-16", "application/json");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(errors(tooLong).get(0).asText()).contains("longer than 731 days");
        assertThat(send("GET", "/webjars/echarts/9.9.9/none.js", "*/*").statusCode()).isEqualTo(404);
    }

    @Test
    void aBrokenTeamsFileIsNamedWithItsLine(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve("teams.csv"), "team,repository_full_name\nweb octo/site\n");
        try (EmbeddedServer broken = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1, "gma.dashboard.data-dir", other.toString()))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broken.getPort() + "/api/filters"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(errors(r).get(0).asText()).contains("teams.csv line 2", "team,owner/repository");
        }
    }

    @Test
    void archivedLogsOfTheLocalBucketAreServedAndNothingElse() throws Exception {
        Path logs = dir.resolve("bucket/octo-org/hello-world/7/1/logs.zip");
        Files.createDirectories(logs.getParent());
        Files.write(logs, new byte[] {'P', 'K', 3, 4});
        HttpResponse<String> ok = send("GET", "/logs?uri=" + java.net.URLEncoder.encode(logs.toString(), "UTF-8"), "*/*");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).startsWith("PK");
        assertThat(ok.headers().firstValue("content-disposition")).hasValueSatisfying(v -> assertThat(v).contains("attachment"));
        for (String outside : List.of(dir.resolve("gma.db").toString(), dir.resolve("bucket/../gma.db").toString(),
                "../gma.db", "/etc/passwd", "file:///etc/passwd")) {
            HttpResponse<String> refused = send("GET", "/logs?uri=" + java.net.URLEncoder.encode(outside, "UTF-8"), "*/*");
            assertThat(refused.statusCode()).as(outside).isEqualTo(404);
            errors(refused);
        }
        assertThat(send("GET", "/logs", "*/*").statusCode()).isEqualTo(400);
    }

    @Test
    void gcpModeRefusesToStartWithoutItsSettingsNamingThem() {
        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1, "gma.dashboard.gcp.project-id", "p", "gma.dashboard.gcp.dataset-id", ""), "gcp"))
                .rootCause().hasMessageContaining("DATASET_ID").hasMessageNotContaining("PROJECT_ID and");
    }
}
