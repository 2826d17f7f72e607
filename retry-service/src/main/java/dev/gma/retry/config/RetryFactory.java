package dev.gma.retry.config;

import dev.gma.github.DeliveryPage;
import dev.gma.github.GitHubAppClient;
import dev.gma.github.GitHubAppSettings;
import dev.gma.retry.domain.CheckpointStore;
import dev.gma.retry.domain.DeliveryLock;
import dev.gma.retry.domain.DeliverySource;
import dev.gma.retry.domain.DeliveryStateStore;
import dev.gma.retry.domain.RetryRun;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Wires the run from the settings and from whichever ports the mode provides: local adapters
 * ({@code dev.gma.retry.local.LocalAdapters}) unless the Micronaut environment {@code gcp} is
 * active, GCP adapters ({@code dev.gma.retry.gcp.GcpAdapters}) when it is. The GitHub App
 * settings are built when the context starts, after {@link StartupCheck}, so a bad key stops the
 * service with a message naming the variable.
 */
@Factory
public class RetryFactory {

    /** Depends on {@link StartupCheck} so that every missing setting is reported before the key is read. */
    @Context
    GitHubAppSettings gitHubAppSettings(StartupCheck checked, RetrySettings settings, GitHubPrivateKey key) {
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_APP_ID", settings.appId());
        env.put("GITHUB_PRIVATE_KEY", key.pem());
        env.put("GITHUB_API_BASE_URL", settings.apiBaseUrl());
        env.put("GITHUB_ENTERPRISE_SERVER_URL", settings.enterpriseServerUrl());
        return GitHubAppSettings.fromEnvironment(env);
    }

    @Singleton
    GitHubAppClient gitHubAppClient(GitHubAppSettings settings) {
        return new GitHubAppClient(settings);
    }

    @Singleton
    RetryRun retryRun(RetrySettings settings, DeliveryLock lock, CheckpointStore checkpoints, DeliveryStateStore state,
                      GitHubAppClient client, GitHubAppSettings app) {
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
        return new RetryRun(lock, checkpoints, state, source,
                new RetryRun.Limits(settings.retryLimit(), settings.lockTtl(), settings.runTimeout(),
                        settings.lookupMargin()), Clock.systemUTC());
    }
}
