package dev.gma.webhook.gcp;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.gma.webhook.config.GcpSettings;
import dev.gma.config.Modes;
import dev.gma.webhook.config.WebhookSettings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * GCP mode: Pub/Sub for events and dead letters, BigQuery for failure rows, Cloud Storage for
 * oversized payloads. {@code gma.gcp.bigquery-host} / {@code storage-host} point the real clients
 * at a test double (no credentials are sent then).
 */
@Factory
@Requires(env = Modes.GCP)
public class GcpAdapters {

    @Singleton
    BigQuery bigQuery(GcpSettings gcp, @Nullable @Property(name = "gma.gcp.bigquery-host") String host) {
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(gcp.effectiveBigQueryProjectId());
        if (host != null && !host.isBlank()) {
            options.setHost(host).setCredentials(NoCredentials.getInstance());
        }
        return options.build().getService();
    }

    @Singleton
    Storage storage(GcpSettings gcp, @Nullable @Property(name = "gma.gcp.storage-host") String host) {
        StorageOptions.Builder options = StorageOptions.http().setProjectId(gcp.projectId());
        if (host != null && !host.isBlank()) {
            options.setHost(host).setCredentials(NoCredentials.getInstance());
        }
        return options.build().getService();
    }

    @Singleton
    PubSubEventPublisher publisher(EventsTopicClient topics, Storage storage, GcpSettings gcp,
                                   WebhookSettings webhook) {
        return new PubSubEventPublisher(topics, new PayloadArchive(storage, gcp.payloadBucketName()),
                gcp.maxMessageBytes(), webhook.publishTimeout());
    }

    @Singleton
    BigQueryFailureLog failureLog(BigQuery bigQuery, GcpSettings gcp) {
        return new BigQueryFailureLog(bigQuery,
                TableId.of(gcp.effectiveBigQueryProjectId(), gcp.datasetId(), gcp.failureEventsTableId()));
    }
}
