package dev.gma.retry.metrics;

import dev.gma.service.metrics.MetricsController;
import dev.gma.service.metrics.CloudMonitoringExport;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.config.Modes;
import dev.gma.config.TestHooks;
import dev.gma.github.TestKeys;
import dev.gma.testing.JarProcess;
import dev.gma.testing.SystemProperties;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.stackdriver.StackdriverConfig;
import io.micrometer.stackdriver.StackdriverMeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which registry each mode wires in the retry service: GCP mode the Cloud Monitoring one with
 * PROJECT_ID and METRICS_EXPORT_STEP, the run figures in it, and no Prometheus; local mode
 * Prometheus alone. Publishing is off and every Google client points at a loopback port nothing
 * listens on (the App key is given, so Secret Manager is not read): nothing leaves the machine.
 */
class CloudMonitoringExportTest {

    @TempDir Path dataDir;

    @Test
    void gcpModeExportsTheRunFiguresToCloudMonitoringWithTheServicesProjectAndStep() throws Exception {
        String loopback = "http://127.0.0.1:" + JarProcess.freePort();
        Map<String, Object> properties = new HashMap<>(Map.of("gma.retry.data-dir", dataDir.toString(),
                "gma.retry.app-id", "42", "gma.retry.private-key", TestKeys.pkcs1Pem(),
                "gma.retry.gcp.project-id", "gma-prod", "gma.retry.gcp.dataset-id", "ds",
                "gma.retry.gcp.bucket-name", "locks", "gma.retry.gcp.checkpoint-table-id", "checkpoint",
                "gma.retry.gcp.events-table-id", "events", "gma.retry.gcp.redeliveries-table-id", "redeliveries"));
        properties.putAll(Map.of("gma.metrics.export.enabled", false, "gma.metrics.export.step", "2m",
                "micronaut.server.port", -1));
        try (SystemProperties hooks = SystemProperties.set(Map.of(TestHooks.BIGQUERY_HOST, loopback,
                TestHooks.STORAGE_HOST, loopback, TestHooks.SECRET_MANAGER_ENDPOINT, loopback));
             ApplicationContext context = ApplicationContext.run(properties, Modes.GCP)) {
            StackdriverConfig config = context.getBean(StackdriverConfig.class);
            assertThat(config.projectId()).isEqualTo("gma-prod");
            assertThat(config.step()).isEqualTo(Duration.ofMinutes(2));
            assertThat(config.enabled()).isFalse();

            StackdriverMeterRegistry stackdriver = context.getBean(StackdriverMeterRegistry.class);
            assertThat(context.getBean(CompositeMeterRegistry.class).getRegistries()).contains(stackdriver);
            assertThat(context.containsBean(PrometheusMeterRegistry.class)).isFalse();
            assertThat(context.containsBean(MetricsController.class)).isFalse();

            context.getBean(RunMetrics.class); // the run figures, registered at start
            assertThat(stackdriver.find("gma.retry.runs").tag("outcome", "failed").counter()).isNotNull();
            assertThat(stackdriver.find("gma.retry.runs").counter().getId().getTag("service")).isEqualTo("retry-service");
            assertThat(config.metricTypePrefix() + stackdriver.config().namingConvention()
                    .name("gma.retry.runs", Meter.Type.COUNTER)).isEqualTo("custom.googleapis.com/gma/retry/runs");
        }
    }

    @Test
    void localModeHasPrometheusAndNoExport() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("gma.retry.data-dir", dataDir.toString(),
                "gma.retry.app-id", "42", "gma.retry.private-key", TestKeys.pkcs1Pem(), "micronaut.server.port", -1))) {
            assertThat(context.containsBean(StackdriverMeterRegistry.class)).isFalse();
            assertThat(context.containsBean(PrometheusMeterRegistry.class)).isTrue();
        }
    }
}
