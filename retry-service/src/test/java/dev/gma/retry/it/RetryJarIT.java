package dev.gma.retry.it;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gma.github.TestKeys;
import dev.gma.retry.gcp.GcpFixtures;
import dev.gma.config.TestHooks;
import dev.gma.testing.JarProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as `java -jar` as an operator (or Cloud Run) would. */
class RetryJarIT {

    private static final Path JAR = Path.of("target", "retry-service.jar");
    private static final List<String> GCP_VARIABLES = List.of("DATASET_ID", "BUCKET_NAME", "CHECKPOINT_TABLE_ID",
            "EVENTS_TABLE_ID", "REDELIVERIES_TABLE_ID", "GITHUB_PRIVATE_KEY_SECRET_ID");

    @TempDir Path dataDir;

    @Test
    void gcpModeChosenByProjectIdRefusesToStartWithoutItsSettingsAndNamesThem() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PROJECT_ID", "p", "GMA_DATA_DIR", dataDir.toString(),
                "GITHUB_APP_ID", "42", "GITHUB_PRIVATE_KEY", ""));
        GCP_VARIABLES.forEach(v -> env.put(v, ""));
        try (JarProcess service = JarProcess.start(JAR, env, List.of())) {
            assertThat(service.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(service.output()).contains("DATASET_ID is required in GCP mode",
                    "BUCKET_NAME is required in GCP mode", "CHECKPOINT_TABLE_ID is required in GCP mode",
                    "EVENTS_TABLE_ID is required in GCP mode", "REDELIVERIES_TABLE_ID is required in GCP mode",
                    "GITHUB_PRIVATE_KEY_SECRET_ID (or GITHUB_PRIVATE_KEY) is required in GCP mode")
                    .doesNotContain("PROJECT_ID is required");
        }
    }

    @Test
    void gcpModeWithTerraformsSettingsReadsTheKeyFromSecretManagerAndLogsJsonWithoutIt() throws Exception {
        WireMockServer google = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        google.start();
        String secret = "/v1/projects/p/secrets/gma-github-private-key/versions/latest:access";
        google.stubFor(get(urlPathEqualTo(secret)).willReturn(okJson(GcpFixtures.read("secret-version.json")
                .replace("{{base64}}", Base64.getEncoder().encodeToString(TestKeys.pkcs1Pem().getBytes(StandardCharsets.UTF_8))))));
        Map<String, String> env = new HashMap<>(Map.of("MICRONAUT_ENVIRONMENTS", "gcp", "PROJECT_ID", "p",
                "DATASET_ID", "ds", "BUCKET_NAME", "locks", "CHECKPOINT_TABLE_ID", "checkpoint",
                "EVENTS_TABLE_ID", "events", "REDELIVERIES_TABLE_ID", "redeliveries", "GITHUB_APP_ID", "42",
                "GITHUB_PRIVATE_KEY_SECRET_ID", "projects/p/secrets/gma-github-private-key/versions/latest",
                "GMA_DATA_DIR", dataDir.toString()));
        env.putAll(Map.of("GITHUB_PRIVATE_KEY", "", "LOCK_TTL", "5m", "LOCK_TTL_CLOCK_SKEW", "10s", "RETRY_LIMIT", "5",
                "RUN_TIMEOUT", "1440s"));
        List<String> testHooks = List.of("-Dmicronaut.environments=test",
                "-D" + TestHooks.SECRET_MANAGER_ENDPOINT + "=" + google.baseUrl(),
                "-D" + TestHooks.BIGQUERY_HOST + "=" + google.baseUrl(), "-D" + TestHooks.STORAGE_HOST + "=" + google.baseUrl());
        try (JarProcess service = JarProcess.start(JAR, env, testHooks)) {
            service.awaitHealthy(Duration.ofSeconds(60));
            google.verify(1, getRequestedFor(urlPathEqualTo(secret)));
            String output = service.output();
            assertThat(output).contains("\"severity\":\"INFO\"").doesNotContain("PRIVATE KEY")
                    .doesNotContain(TestKeys.pkcs1Pem().lines().skip(1).findFirst().orElseThrow());
        } finally {
            google.stop();
        }
    }

    /**
     * The hooks' names as environment variables reach nothing, even with the test environment on:
     * the key is asked of Google's Secret Manager with the runtime's credentials (there are none
     * here, so start-up fails), never of the host the environment names without credentials.
     */
    @Test
    void secretManagerAndBigQueryHostsInTheEnvironmentChangeNothing() throws Exception {
        WireMockServer google = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        google.start();
        Map<String, String> env = new HashMap<>(Map.of("MICRONAUT_ENVIRONMENTS", "gcp,test", "PROJECT_ID", "p",
                "DATASET_ID", "ds", "BUCKET_NAME", "locks", "CHECKPOINT_TABLE_ID", "checkpoint",
                "EVENTS_TABLE_ID", "events", "REDELIVERIES_TABLE_ID", "redeliveries", "GITHUB_APP_ID", "42",
                "GITHUB_PRIVATE_KEY_SECRET_ID", "projects/p/secrets/gma-github-private-key/versions/latest",
                "GMA_DATA_DIR", dataDir.toString()));
        // no Application Default Credentials from this machine, no metadata-server probe
        env.putAll(Map.of("HOME", dataDir.toString(), "NO_GCE_CHECK", "true"));
        for (String name : List.of("GMA_RETRY_GCP_SECRET_MANAGER_ENDPOINT", "GMA_RETRY_GCP_BIGQUERY_HOST",
                "GMA_RETRY_GCP_STORAGE_HOST", "GMA_TEST_SECRET_MANAGER_ENDPOINT", "GMA_TEST_BIGQUERY_HOST",
                "GMA_TEST_STORAGE_HOST", "GMA_GCP_BIGQUERY_HOST")) {
            env.put(name, google.baseUrl());
        }
        try (JarProcess service = JarProcess.start(JAR, env, List.of())) {
            assertThat(service.awaitExit(Duration.ofSeconds(90))).isNotZero();
            // the real client, wanting the runtime's credentials: the hook's NoCredentials were not used
            assertThat(service.output()).contains("cannot create the Secret Manager client");
            assertThat(google.getAllServeEvents()).as("requests that reached the host named in the environment").isEmpty();
        } finally {
            google.stop();
        }
    }
}
