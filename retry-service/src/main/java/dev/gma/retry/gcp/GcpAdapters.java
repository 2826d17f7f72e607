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
import dev.gma.config.TestHooks;
import dev.gma.retry.config.RetrySettings;
import dev.gma.retry.config.StartupCheck;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
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
 * <p>Test hooks, never settings: {@link TestHooks#BIGQUERY_HOST}, {@link TestHooks#STORAGE_HOST}
 * and {@link TestHooks#SECRET_MANAGER_ENDPOINT} point the real clients at a test double without
 * credentials; they are read only from system properties in the Micronaut environment
 * {@code test}, so no environment variable can reach them.
 */
@Factory
@Requires(env = Modes.GCP)
public class GcpAdapters {

    private static final Logger LOG = LoggerFactory.getLogger(GcpAdapters.class);

    @Singleton
    BigQuery bigQuery(StartupCheck checked, GcpSettings gcp, Environment environment) {
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(gcp.bigQueryProject());
        TestHooks.endpoint(TestHooks.BIGQUERY_HOST, environment.getActiveNames())
                .ifPresent(host -> options.setHost(host).setCredentials(NoCredentials.getInstance()));
        return options.build().getService();
    }

    @Singleton
    Storage storage(StartupCheck checked, GcpSettings gcp, Environment environment) {
        StorageOptions.Builder options = StorageOptions.http().setProjectId(gcp.projectId());
        TestHooks.endpoint(TestHooks.STORAGE_HOST, environment.getActiveNames())
                .ifPresent(host -> options.setHost(host).setCredentials(NoCredentials.getInstance()));
        return options.build().getService();
    }

    /** Both {@code CheckpointStore} and {@code DeliveryStateStore}. */
    @Singleton
    BigQueryRetryStore store(BigQuery bigQuery, GcpSettings gcp) {
        return new BigQueryRetryStore(bigQuery,
                TableId.of(gcp.bigQueryProject(), gcp.datasetId(), gcp.checkpointTableId()),
                TableId.of(gcp.bigQueryProject(), gcp.datasetId(), gcp.redeliveriesTableId()),
                TableId.of(gcp.bigQueryProject(), gcp.datasetId(), gcp.eventsTableId()));
    }

    @Singleton
    GcsDeliveryLock lock(Storage storage, GcpSettings gcp, RetrySettings settings) {
        return new GcsDeliveryLock(storage, gcp.bucketName(), settings.lockClockSkew(), Clock.systemUTC());
    }

    /** GITHUB_PRIVATE_KEY wins when set; otherwise the secret is read once, here. */
    @Singleton
    GitHubPrivateKey privateKey(StartupCheck checked, RetrySettings settings, GcpSettings gcp,
                                Environment environment) {
        if (settings.privateKey() != null && !settings.privateKey().isBlank()) {
            return new GitHubPrivateKey(settings.privateKey());
        }
        String version = gcp.privateKeySecretVersion();
        String endpoint = TestHooks.endpoint(TestHooks.SECRET_MANAGER_ENDPOINT, environment.getActiveNames())
                .orElse(null);
        GitHubPrivateKey key = new GitHubPrivateKey(SecretManagerKeys.read(version, endpoint));
        LOG.info("GitHub App key read from Secret Manager ({})", version);
        return key;
    }
}
