package dev.gma.webhook.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the webhook service in every mode, bound once from {@code gma.webhook.*}
 * (application.yml maps the environment variables onto these names).
 *
 * @param secret         GITHUB_WEBHOOK_SECRET: one secret, or several comma-separated during a rotation
 * @param retryLimit     RETRY_LIMIT: failed publishes of one delivery before it goes to the dead letter
 * @param dataDir        GMA_DATA_DIR: where local mode keeps gma.db
 * @param maxBodyBytes   the largest body accepted (GitHub caps payloads at 25 MB)
 * @param publishTimeout how long a request waits for its publish (GitHub gives up after 10 s)
 * @param maxInlinePayloadBytes local mode keeps larger payloads as files under GMA_DATA_DIR/payloads
 * @param maxBytesInFlight MAX_BYTES_IN_FLIGHT: request body bytes read at once, over which a request
 *                       is answered 503 with Retry-After (default 200 MiB: eight 25 MB deliveries)
 */
@ConfigurationProperties("gma.webhook")
public record WebhookSettings(
        @Bindable(defaultValue = "") String secret,
        @Bindable(defaultValue = "5") int retryLimit,
        @Bindable(defaultValue = "./data") Path dataDir,
        @Bindable(defaultValue = "26214400") long maxBodyBytes,
        @Bindable(defaultValue = "8s") Duration publishTimeout,
        @Bindable(defaultValue = "8000000") long maxInlinePayloadBytes,
        @Bindable(defaultValue = "209715200") long maxBytesInFlight) {

    /** Where request bodies larger than the in-memory part are spilled while they are read. */
    public Path spoolDir() {
        return dataDir.resolve("spool");
    }

    /** A documented, public secret so local mode works out of the box; never used in GCP mode. */
    public static final String LOCAL_DEVELOPMENT_SECRET = "gma-local-secret";
}
