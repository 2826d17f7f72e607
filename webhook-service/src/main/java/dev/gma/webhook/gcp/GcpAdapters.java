package dev.gma.webhook.gcp;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.gma.webhook.config.GcpSettings;
import dev.gma.config.Modes;
import dev.gma.config.TestHooks;
import dev.gma.webhook.config.WebhookSettings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;

/**
 * GCP mode: Pub/Sub for events and dead letters, BigQuery for failure rows, Cloud Storage for
 * oversized payloads. Credentials are the runtime's (the service account on Cloud Run).
 *
 * <p>Test hooks, never settings: {@link TestHooks#BIGQUERY_HOST} and {@link TestHooks#STORAGE_HOST}
 * point the real clients at a test double without credentials; they are read only from system
 * properties in the Micronaut environment {@code test}, so no environment variable can reach them.
 */
@Factory
@Requires(env = Modes.GCP)
public class GcpAdapters {

    @Singleton
    BigQuery bigQuery(GcpSettings gcp, Environment environment) {
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(gcp.effectiveBigQueryProjectId());
        TestHooks.endpoint(TestHooks.BIGQUERY_HOST, environment.getActiveNames())
                .ifPresent(host -> options.setHost(host).setCredentials(NoCredentials.getInstance()));
        return options.build().getService();
    }

    @Singleton
    Storage storage(GcpSettings gcp, Environment environment) {
        StorageOptions.Builder options = StorageOptions.http().setProjectId(gcp.projectId());
        TestHooks.endpoint(TestHooks.STORAGE_HOST, environment.getActiveNames())
                .ifPresent(host -> options.setHost(host).setCredentials(NoCredentials.getInstance()));
        return options.build().getService();
    }

    @Singleton
    PubSubEventPublisher publisher(EventsTopicClient topics, Storage storage, GcpSettings gcp,
                                   WebhookSettings webhook, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        return new PubSubEventPublisher(topics, new PayloadArchive(storage, gcp.payloadBucketName()),
                gcp.maxMessageBytes(), webhook.publishTimeout(), blocking);
    }

    @Singleton
    BigQueryFailureLog failureLog(BigQuery bigQuery, GcpSettings gcp) {
        return new BigQueryFailureLog(bigQuery,
                TableId.of(gcp.effectiveBigQueryProjectId(), gcp.datasetId(), gcp.failureEventsTableId()));
    }
}
