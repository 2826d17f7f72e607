package dev.gma.retry.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the retry service, bound once from {@code gma.retry.*} (application.yml maps the
 * environment variables of the original Go service onto these names).
 *
 * @param dataDir      GMA_DATA_DIR: the local store and the local lock file
 * @param retryLimit   RETRY_LIMIT: redeliveries of one GUID, at most
 * @param lockTtl      LOCK_TTL: how long a lease lasts without renewal
 * @param lockClockSkew LOCK_TTL_CLOCK_SKEW: extra time before an expired lease may be taken over
 * @param runTimeout   RUN_TIMEOUT: a run's time budget (under Cloud Scheduler's 30-minute deadline)
 * @param appId        GITHUB_APP_ID
 * @param privateKey   GITHUB_PRIVATE_KEY (PEM)
 * @param apiBaseUrl   GITHUB_API_BASE_URL
 * @param enterpriseServerUrl GITHUB_ENTERPRISE_SERVER_URL: the original service's name, used when the former is unset
 * @param lookupMargin EVENTS_LOOKUP_MARGIN: the look-up of a page's GUIDs in {@code events} reads rows received
 *                     from the page's oldest delivery less this margin (covers redelivery chains)
 */
@ConfigurationProperties("gma.retry")
public record RetrySettings(
        @Bindable(defaultValue = "./data") Path dataDir,
        @Bindable(defaultValue = "5") int retryLimit,
        @Bindable(defaultValue = "5m") Duration lockTtl,
        @Bindable(defaultValue = "10s") Duration lockClockSkew,
        @Bindable(defaultValue = "25m") Duration runTimeout,
        @Bindable(defaultValue = "") String appId,
        @Bindable(defaultValue = "") String privateKey,
        @Bindable(defaultValue = "") String apiBaseUrl,
        @Bindable(defaultValue = "") String enterpriseServerUrl,
        @Bindable(defaultValue = "7d") Duration lookupMargin) {}
