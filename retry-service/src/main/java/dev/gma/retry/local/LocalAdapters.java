package dev.gma.retry.local;

import dev.gma.retry.config.GitHubPrivateKey;
import dev.gma.config.Modes;
import dev.gma.retry.config.RetrySettings;
import dev.gma.store.sqlite.SqliteDatabase;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Local mode (the default): the lease is the file {@code $GMA_DATA_DIR/retry-lock}; checkpoint,
 * redeliveries and events are tables of the SQLite store {@code $GMA_DATA_DIR/gma.db} that the
 * webhook service writes; the App key comes from GITHUB_PRIVATE_KEY.
 */
@Factory
@Requires(notEnv = Modes.GCP)
public class LocalAdapters {

    @Singleton
    SqliteDatabase database(RetrySettings settings) {
        return SqliteDatabase.openInDataDir(settings.dataDir());
    }

    /** Both {@code CheckpointStore} and {@code DeliveryStateStore}; its connection closes on shutdown. */
    @Singleton
    @Bean(preDestroy = "close")
    SqliteRetryStore store(SqliteDatabase database) {
        return new SqliteRetryStore(database);
    }

    @Singleton
    FileDeliveryLock lock(RetrySettings settings) {
        return new FileDeliveryLock(settings.dataDir(), settings.lockClockSkew(), Clock.systemUTC());
    }

    @Singleton
    GitHubPrivateKey privateKey(RetrySettings settings) {
        return new GitHubPrivateKey(settings.privateKey());
    }
}
