package dev.gma.webhook.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.gma.config.TestHooks;
import dev.gma.testing.JarProcess;
import dev.gma.testing.SystemProperties;
import dev.gma.webhook.domain.DeadLetterPublisher;
import dev.gma.webhook.domain.EventPublisher;
import dev.gma.webhook.domain.FailureLog;
import com.google.api.gax.batching.BatchingSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.gcp.pubsub.configuration.PublisherConfigurationProperties;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GcpAdapters without the emulator: which adapters GCP mode wires, and where the test hooks
 * point the real clients (and where they do not). Pub/Sub is an emulator address nothing listens
 * on; nothing is published here (a publish to it would be retried by the client for minutes and
 * hold up the context's shutdown: WebhookJarIT covers a failed publish end to end).
 */
class GcpWiringTest {

    @TempDir Path dataDir;
    private final GoogleApiFake google = new GoogleApiFake();

    @AfterEach
    void stop() {
        google.close();
    }

    private Map<String, Object> gcpSettings() throws Exception {
        return new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "pubsub.emulator.host", "127.0.0.1:" + JarProcess.freePort(),
                "gcp.project-id", GoogleApiFake.PROJECT,
                "gma.gcp.project-id", GoogleApiFake.PROJECT,
                "gma.gcp.dataset-id", "ds",
                "gma.gcp.events-topic-id", "events",
                "gma.gcp.dlq-events-topic-id", "dlq",
                "gma.gcp.payload-bucket-name", "payloads",
                "gma.webhook.secret", "s",
                "gma.webhook.data-dir", dataDir.toString()));
    }

    @Test
    void gcpModeWiresPubSubBigQueryAndCloudStorageAndTheHooksPointTheClientsAtTheFake() throws Exception {
        try (SystemProperties hooks = SystemProperties.set(Map.of(TestHooks.BIGQUERY_HOST, google.server.baseUrl(),
                TestHooks.STORAGE_HOST, google.server.baseUrl()));
             ApplicationContext context = ApplicationContext.run(gcpSettings(), "gcp")) {
            assertThat(context.getBean(EventPublisher.class)).isInstanceOf(PubSubEventPublisher.class);
            assertThat(context.getBean(DeadLetterPublisher.class)).isSameAs(context.getBean(EventPublisher.class));
            assertThat(context.getBean(FailureLog.class)).isInstanceOf(BigQueryFailureLog.class);
            BigQuery bigQuery = context.getBean(BigQuery.class);
            assertThat(bigQuery.getOptions().getHost()).isEqualTo(google.server.baseUrl());
            assertThat(bigQuery.getOptions().getCredentials()).isSameAs(NoCredentials.getInstance());
            Storage storage = context.getBean(Storage.class);
            assertThat(storage.getOptions().getHost()).isEqualTo(google.server.baseUrl());
        }
    }

    /** Both topics' publisher batches the deliveries of one millisecond into one publish RPC (application-gcp.yml). */
    @Test
    void theTopicsPublisherBatchesByCountBytesAndOneMillisecond() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(gcpSettings(), "gcp")) {
            BatchingSettings batching = context.getBean(PublisherConfigurationProperties.class, Qualifiers.byName("gma"))
                    .getBatchingSettings().build();
            assertThat(batching.getElementCountThreshold()).isEqualTo(100L);
            assertThat(batching.getRequestByteThreshold()).isEqualTo(1_000_000L);
            assertThat(batching.getDelayThresholdDuration()).isEqualTo(java.time.Duration.ofMillis(1));
        }
    }

    /** What Micronaut makes of GMA_TEST_BIGQUERY_HOST or GMA_GCP_BIGQUERY_HOST in the environment. */
    @Test
    void theHooksNamesAsConfigurationPropertiesChangeNothing() throws Exception {
        Map<String, Object> properties = gcpSettings();
        for (String name : new String[] {"gma.test.bigquery-host", "gma.test.storage-host", "gma.gcp.bigquery-host",
                "gma.gcp.storage-host"}) {
            properties.put(name, google.server.baseUrl());
        }
        try (ApplicationContext context = ApplicationContext.run(properties, "gcp")) {
            BigQuery bigQuery = context.getBean(BigQuery.class);
            // the client library's own default endpoint, whatever this version calls it
            assertThat(bigQuery.getOptions().getHost()).isNotEqualTo(google.server.baseUrl())
                    .isEqualTo(BigQueryOptions.newBuilder().setProjectId(GoogleApiFake.PROJECT).build().getHost());
            assertThat(bigQuery.getOptions().getCredentials()).isNotSameAs(NoCredentials.getInstance());
            Storage storage = context.getBean(Storage.class);
            assertThat(storage.getOptions().getHost()).isNotEqualTo(google.server.baseUrl())
                    .isEqualTo(StorageOptions.http().setProjectId(GoogleApiFake.PROJECT).build().getHost());
            assertThat(storage.getOptions().getCredentials()).isNotSameAs(NoCredentials.getInstance());
        }
    }
}
