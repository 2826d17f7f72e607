package dev.gma.webhook.local;

import dev.gma.store.sqlite.BatchingWriter;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.config.Modes;
import dev.gma.webhook.config.WebhookSettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;

/** Local mode: every port is backed by the SQLite store at {@code $GMA_DATA_DIR/gma.db}. */
@Factory
@Requires(notEnv = Modes.GCP)
public class LocalAdapters {

    private static final int MAX_BATCH = 256;

    @Singleton
    SqliteDatabase database(WebhookSettings settings) {
        return SqliteDatabase.openInDataDir(settings.dataDir());
    }

    /** Closed on shutdown after the server stops, so in-flight writes are committed first. */
    @Singleton
    @Bean(preDestroy = "close")
    BatchingWriter writer(SqliteDatabase database) {
        return new BatchingWriter(database, MAX_BATCH);
    }

    @Singleton
    SqliteEventStore store(BatchingWriter writer, WebhookSettings settings,
                           @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        return new SqliteEventStore(writer, settings.publishTimeout(), settings.dataDir().resolve("payloads"),
                settings.maxInlinePayloadBytes(), blocking);
    }
}
