package dev.gma.retry.config;

import dev.gma.github.DeliveryPage;
import dev.gma.github.GitHubAppClient;
import dev.gma.github.GitHubAppSettings;
import dev.gma.retry.domain.DeliverySource;
import dev.gma.retry.domain.RetryRun;
import dev.gma.retry.local.FileDeliveryLock;
import dev.gma.retry.local.SqliteRetryStore;
import dev.gma.store.sqlite.SqliteDatabase;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Wires the run from the settings. The GitHub App settings are checked when the context starts
 * (a missing id or an unreadable key stops the service with a message naming the variable).
 */
@Factory
public class RetryFactory {

    @Context
    GitHubAppSettings gitHubAppSettings(RetrySettings settings) {
        if (settings.retryLimit() < 1) {
            throw new IllegalArgumentException("RETRY_LIMIT must be at least 1");
        }
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_APP_ID", settings.appId());
        env.put("GITHUB_PRIVATE_KEY", settings.privateKey());
        env.put("GITHUB_API_BASE_URL", settings.apiBaseUrl());
        env.put("GITHUB_ENTERPRISE_SERVER_URL", settings.enterpriseServerUrl());
        return GitHubAppSettings.fromEnvironment(env);
    }

    @Singleton
    GitHubAppClient gitHubAppClient(GitHubAppSettings settings) {
        return new GitHubAppClient(settings);
    }

    @Singleton
    RetryRun retryRun(RetrySettings settings, GitHubAppClient client, GitHubAppSettings app) {
        SqliteRetryStore store = new SqliteRetryStore(SqliteDatabase.openInDataDir(settings.dataDir()));
        DeliverySource source = new DeliverySource() {
            @Override
            public DeliveryPage page(Optional<String> cursor, Instant deadline) {
                return client.listDeliveries(cursor, deadline);
            }

            @Override
            public int redeliver(long deliveryId, Instant deadline) {
                return client.redeliver(deliveryId, deadline);
            }

            @Override
            public String instanceUrl() {
                return app.apiBaseUrl().toString();
            }
        };
        return new RetryRun(new FileDeliveryLock(settings.dataDir(), settings.lockClockSkew(), Clock.systemUTC()),
                store, store, source,
                new RetryRun.Limits(settings.retryLimit(), settings.lockTtl(), settings.runTimeout()), Clock.systemUTC());
    }
}
