package dev.gma.retry.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.bigquery.BigQuery;
import dev.gma.github.TestKeys;
import dev.gma.config.Modes;
import dev.gma.config.TestHooks;
import dev.gma.testing.SystemProperties;
import dev.gma.retry.domain.CheckpointStore;
import dev.gma.retry.domain.DeliveryLock;
import dev.gma.retry.domain.DeliveryStateStore;
import dev.gma.retry.domain.RetryRun;
import dev.gma.retry.local.FileDeliveryLock;
import dev.gma.retry.local.SqliteRetryStore;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which adapters each mode wires, and GCP mode's refusal to start without its settings. */
class GcpStartupTest {

    private static final String[] GCP_KEYS = {"project-id", "dataset-id", "bucket-name", "checkpoint-table-id",
        "events-table-id", "redeliveries-table-id", "private-key-secret-id"};

    @TempDir Path dataDir;

    @Test
    void gcpModeWithoutItsSettingsRefusesToStartAndNamesEveryMissingVariable() {
        Map<String, Object> properties = blankGcpSettings();
        properties.put("gma.retry.app-id", "");
        properties.put("gma.retry.private-key", "");

        assertThatThrownBy(start(properties, Modes.GCP)).rootCause()
                .hasMessageContaining("invalid configuration")
                .hasMessageContainingAll("PROJECT_ID is required in GCP mode", "DATASET_ID is required in GCP mode",
                        "BUCKET_NAME is required in GCP mode", "CHECKPOINT_TABLE_ID is required in GCP mode",
                        "EVENTS_TABLE_ID is required in GCP mode", "REDELIVERIES_TABLE_ID is required in GCP mode",
                        "GITHUB_PRIVATE_KEY_SECRET_ID (or GITHUB_PRIVATE_KEY) is required in GCP mode",
                        "GITHUB_APP_ID is required");
    }

    @Test
    void aSecretIdThatIsNeitherAVersionNorASecretNameIsRefused() {
        Map<String, Object> properties = gcpSettings("http://127.0.0.1:9");
        properties.put("gma.retry.gcp.private-key-secret-id", "projects/p/secrets/s");

        assertThatThrownBy(start(properties, Modes.GCP)).rootCause()
                .hasMessageContaining("GITHUB_PRIVATE_KEY_SECRET_ID must be a secret version");
    }

    @Test
    void badDurationsAndLimitsAreNamedInBothModes() {
        Map<String, Object> properties = new HashMap<>(Map.of("gma.retry.data-dir", dataDir.toString(),
                "gma.retry.app-id", "42", "gma.retry.private-key", TestKeys.pkcs1Pem(), "gma.retry.retry-limit", 0,
                "gma.retry.lock-ttl", "0s", "gma.retry.lock-clock-skew", "-1s"));

        assertThatThrownBy(start(properties)).rootCause().hasMessageContainingAll(
                "RETRY_LIMIT must be at least 1", "LOCK_TTL must be positive", "LOCK_TTL_CLOCK_SKEW must not be negative");
    }

    @Test
    void localModeIsTheDefaultAndWiresTheFileLockAndTheSqliteStore() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("gma.retry.data-dir", dataDir.toString(),
                "gma.retry.app-id", "42", "gma.retry.private-key", TestKeys.pkcs1Pem()))) {
            assertThat(context.getBean(DeliveryLock.class)).isInstanceOf(FileDeliveryLock.class);
            assertThat(context.getBean(CheckpointStore.class)).isInstanceOf(SqliteRetryStore.class);
            assertThat(context.getBean(DeliveryStateStore.class)).isSameAs(context.getBean(CheckpointStore.class));
            assertThat(context.containsBean(BigQuery.class)).isFalse();
            assertThat(context.getBean(RetryRun.class)).isNotNull();
        }
    }

    @Test
    void gcpModeWiresTheCloudStorageLockAndTheBigQueryStoreAndPrefersAGivenKeyToTheSecret() {
        WireMockServer secrets = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        secrets.start();
        try {
            Map<String, Object> properties = gcpSettings(secrets.baseUrl());
            properties.put("gma.retry.private-key", TestKeys.pkcs1Pem());
            try (SystemProperties hooks = hooks(secrets.baseUrl());
                 ApplicationContext context = ApplicationContext.run(properties, Modes.GCP)) {
                assertThat(context.getBean(DeliveryLock.class)).isInstanceOf(GcsDeliveryLock.class);
                assertThat(context.getBean(CheckpointStore.class)).isInstanceOf(BigQueryRetryStore.class);
                assertThat(context.getBean(DeliveryStateStore.class)).isSameAs(context.getBean(CheckpointStore.class));
                assertThat(context.containsBean(SqliteRetryStore.class)).isFalse();
                assertThat(context.getBean(RetryRun.class)).isNotNull();
            }
            assertThat(secrets.findAll(anyRequestedFor(anyUrl()))).as("GITHUB_PRIVATE_KEY set: no secret read").isEmpty();
        } finally {
            secrets.stop();
        }
    }

    @Test
    void anUnreadableSecretStopsStartUpNamingTheSecretNotTheKey() {
        WireMockServer secrets = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        secrets.start();
        secrets.stubFor(get(urlPathMatching("/v1/.*")).willReturn(notFound()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":404,\"message\":\"Secret not found\",\"status\":\"NOT_FOUND\"}}")));
        try {
            assertThatThrownBy(start(gcpSettings(secrets.baseUrl()), Modes.GCP))
                    .satisfies(e -> assertThat(messages(e)).contains("reading GITHUB_PRIVATE_KEY_SECRET_ID "
                            + "projects/p/secrets/gma-github-private-key/versions/latest from Secret Manager failed: NOT_FOUND"));
            assertThat(secrets.findAll(anyRequestedFor(urlPathEqualTo(
                    "/v1/projects/p/secrets/gma-github-private-key/versions/latest:access")))).hasSize(1);
        } finally {
            secrets.stop();
        }
    }

    @Test
    void gcpModeIsRequestedByTheEnvironmentNameOrByProjectId() {
        assertThat(Modes.gcpRequested(Map.of())).isFalse();
        assertThat(Modes.gcpRequested(Map.of("PROJECT_ID", " "))).isFalse();
        assertThat(Modes.gcpRequested(Map.of("PROJECT_ID", "p"))).isTrue();
        assertThat(Modes.gcpRequested(Map.of("MICRONAUT_ENVIRONMENTS", "dev, gcp"))).isTrue();
    }

    /** Every message of the cause chain, one per line. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private Map<String, Object> blankGcpSettings() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("gma.retry.data-dir", dataDir.toString());
        for (String key : GCP_KEYS) {
            properties.put("gma.retry.gcp." + key, "");
        }
        return properties;
    }

    /** The endpoint the test hooks point the clients at, once {@link #gcpSettings} named one. */
    private String hookHost;

    /** Complete GCP settings; the clients point at {@code host} (nothing is called unless a test runs). */
    private Map<String, Object> gcpSettings(String host) {
        Map<String, Object> properties = new HashMap<>(Map.of("gma.retry.data-dir", dataDir.toString(),
                "gma.retry.app-id", "42", "gma.retry.private-key", "",
                "gma.retry.gcp.project-id", "p", "gma.retry.gcp.dataset-id", "ds",
                "gma.retry.gcp.bucket-name", "locks", "gma.retry.gcp.checkpoint-table-id", "checkpoint",
                "gma.retry.gcp.events-table-id", "events", "gma.retry.gcp.redeliveries-table-id", "redeliveries",
                "gma.retry.gcp.private-key-secret-id", "projects/p/secrets/gma-github-private-key/versions/latest"));
        hookHost = host;
        return properties;
    }

    /** The test hooks (system properties only) pointing every Google client at {@code host}. */
    private static SystemProperties hooks(String host) {
        return SystemProperties.set(Map.of(TestHooks.BIGQUERY_HOST, host, TestHooks.STORAGE_HOST, host,
                TestHooks.SECRET_MANAGER_ENDPOINT, host));
    }

    private ThrowingCallable start(Map<String, Object> properties, String... environments) {
        String host = hookHost;
        return () -> {
            try (SystemProperties hooks = host == null ? SystemProperties.set(Map.of()) : hooks(host)) {
                ApplicationContext.run(properties, environments).close();
            }
        };
    }
}
