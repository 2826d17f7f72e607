package dev.gma.service.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * GCP mode: how the meters reach Cloud Monitoring, bound once from {@code gma.metrics.export.*}
 * (each service's application.yml maps METRICS_EXPORT_ENABLED, METRICS_EXPORT_STEP and its own
 * project setting onto them).
 *
 * @param projectId the project the time series are written to (the service's PROJECT_ID); needed in
 *                  GCP mode only, where a blank one stops start-up
 * @param enabled {@code true}, {@code false}, or empty (the default): publish only on Cloud Run
 *                (K_SERVICE set), whose service account has the credentials. Elsewhere, tests and
 *                jar runs included, the registry then never looks for Google credentials, so
 *                nothing leaves the machine unless METRICS_EXPORT_ENABLED=true says so.
 * @param step    how often a batch of time series is written; Cloud Monitoring accepts one point per
 *                series every 5 s at most, so anything under 10 s is refused at start-up
 */
@ConfigurationProperties("gma.metrics.export")
public record MetricsExportSettings(
        @Bindable(defaultValue = "") String enabled,
        @Bindable(defaultValue = "1m") Duration step,
        @Bindable(defaultValue = "") String projectId) {

    public MetricsExportSettings {
        projectId = projectId == null ? "" : projectId.strip();
        enabled = enabled == null ? "" : enabled.strip().toLowerCase(Locale.ROOT);
        if (!enabled.isEmpty() && !enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException("METRICS_EXPORT_ENABLED must be true, false or empty (on Cloud Run only), got '"
                    + enabled + "'");
        }
        if (step == null || step.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("METRICS_EXPORT_STEP must be at least 10s, got " + step);
        }
    }

    /** Whether the registry publishes, given the process environment. */
    public boolean publishes(Map<String, String> env) {
        return enabled.isEmpty() ? !env.getOrDefault("K_SERVICE", "").isBlank() : Boolean.parseBoolean(enabled);
    }
}
