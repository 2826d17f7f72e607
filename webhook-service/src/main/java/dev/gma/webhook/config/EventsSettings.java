package dev.gma.webhook.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Settings of the deployment and incident intake ({@code POST /events/*}), bound from
 * {@code gma.events.*} (application.yml maps the environment variables onto these names).
 *
 * @param tokens           GMA_EVENTS_TOKENS: bearer tokens of {@code /events/deployments} and
 *                         {@code /events/incidents}; several comma-separated during a rotation.
 *                         Required in GCP mode; local mode falls back to {@link #LOCAL_DEVELOPMENT_TOKEN}
 * @param pagerdutySecrets PAGERDUTY_WEBHOOK_SECRETS: secrets of the PagerDuty v3 webhook
 *                         subscriptions, comma-separated; unset in GCP mode, {@code /events/pagerduty}
 *                         refuses every delivery; local mode falls back to {@link #LOCAL_PAGERDUTY_SECRET}
 * @param maxBodyBytes     the largest report accepted (reports are small; 1 MiB)
 */
@ConfigurationProperties("gma.events")
public record EventsSettings(
        @Bindable(defaultValue = "") String tokens,
        @Bindable(defaultValue = "") String pagerdutySecrets,
        @Bindable(defaultValue = "1048576") long maxBodyBytes) {

    /** A documented, public token so local mode works out of the box; never used in GCP mode. */
    public static final String LOCAL_DEVELOPMENT_TOKEN = "gma-local-token";

    /** A documented, public PagerDuty secret for local mode; never used in GCP mode. */
    public static final String LOCAL_PAGERDUTY_SECRET = "gma-local-pagerduty-secret";
}
