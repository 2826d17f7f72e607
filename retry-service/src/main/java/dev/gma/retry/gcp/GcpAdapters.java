package dev.gma.retry.gcp;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.gma.retry.config.GcpSettings;
import dev.gma.retry.config.GitHubPrivateKey;
import dev.gma.config.Modes;
import dev.gma.retry.config.RetrySettings;
import dev.gma.retry.config.StartupCheck;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GCP mode (Micronaut environment {@code gcp}): the lease is the object
 * {@code gs://BUCKET_NAME/retry-lock}; checkpoint, redeliveries and events are BigQuery tables;
 * the App key comes from GITHUB_PRIVATE_KEY, or when that is empty from Secret Manager
 * (GITHUB_PRIVATE_KEY_SECRET_ID). Credentials are the runtime's (the service account on Cloud Run).
 *
 * <p>Test hooks, not environment variables: {@code gma.retry.gcp.bigquery-host},
 * {@code gma.retry.gcp.storage-host} and {@code gma.retry.gcp.secret-manager-endpoint} point the
 * real clients at a test double; no credentials are sent then.
 */
@Factory
@Requires(env = Modes.GCP)
public class GcpAdapters {

    private static final Logger LOG = LoggerFactory.getLogger(GcpAdapters.class);

    @Singleton
    BigQuery bigQuery(StartupCheck checked, GcpSettings gcp,
                      @Nullable @Property(name = "gma.retry.gcp.bigquery-host") String host) {
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(gcp.projectId());
        if (host != null && !host.isBlank()) {
            options.setHost(host).setCredentials(NoCredentials.getInstance());
        }
        return options.build().getService();
    }

    @Singleton
    Storage storage(StartupCheck checked, GcpSettings gcp,
                    @Nullable @Property(name = "gma.retry.gcp.storage-host") String host) {
        StorageOptions.Builder options = StorageOptions.http().setProjectId(gcp.projectId());
        if (host != null && !host.isBlank()) {
            options.setHost(host).setCredentials(NoCredentials.getInstance());
        }
        return options.build().getService();
    }

    /** Both {@code CheckpointStore} and {@code DeliveryStateStore}. */
    @Singleton
    BigQueryRetryStore store(BigQuery bigQuery, GcpSettings gcp) {
        return new BigQueryRetryStore(bigQuery,
                TableId.of(gcp.projectId(), gcp.datasetId(), gcp.checkpointTableId()),
                TableId.of(gcp.projectId(), gcp.datasetId(), gcp.redeliveriesTableId()),
                TableId.of(gcp.projectId(), gcp.datasetId(), gcp.eventsTableId()));
    }

    @Singleton
    GcsDeliveryLock lock(Storage storage, GcpSettings gcp, RetrySettings settings) {
        return new GcsDeliveryLock(storage, gcp.bucketName(), settings.lockClockSkew(), Clock.systemUTC());
    }

    /** GITHUB_PRIVATE_KEY wins when set; otherwise the secret is read once, here. */
    @Singleton
    GitHubPrivateKey privateKey(StartupCheck checked, RetrySettings settings, GcpSettings gcp,
                                @Nullable @Property(name = "gma.retry.gcp.secret-manager-endpoint") String endpoint) {
        if (settings.privateKey() != null && !settings.privateKey().isBlank()) {
            return new GitHubPrivateKey(settings.privateKey());
        }
        String version = gcp.privateKeySecretVersion();
        GitHubPrivateKey key = new GitHubPrivateKey(SecretManagerKeys.read(version, endpoint));
        LOG.info("GitHub App key read from Secret Manager ({})", version);
        return key;
    }
}
