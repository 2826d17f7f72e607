package dev.gma.webhook.metrics;

import dev.gma.service.metrics.MetricsController;
import dev.gma.service.metrics.CloudMonitoringExport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.config.TestHooks;
import dev.gma.testing.JarProcess;
import dev.gma.testing.SystemProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Which registry each mode wires: GCP mode the Cloud Monitoring one, with the project and step of
 * the service's settings and no Prometheus; local mode Prometheus alone. Publishing is off here
 * (METRICS_EXPORT_ENABLED=false) and every Google client points at a loopback port nothing listens
 * on, so nothing leaves the machine.
 */
class CloudMonitoringExportTest {

    @TempDir Path dataDir;

    private Map<String, Object> gcpSettings() throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "pubsub.emulator.host", "127.0.0.1:" + JarProcess.freePort(),
                "gcp.project-id", "gma-prod",
                "gma.gcp.project-id", "gma-prod",
                "gma.gcp.dataset-id", "ds",
                "gma.gcp.events-topic-id", "events",
                "gma.gcp.dlq-events-topic-id", "dlq",
                "gma.gcp.payload-bucket-name", "payloads",
                "gma.webhook.secret", "s",
                "gma.webhook.data-dir", dataDir.toString()));
        properties.put("gma.metrics.export.enabled", false);
        properties.put("gma.metrics.export.step", "30s");
        return properties;
    }

    private static SystemProperties nowhere() throws Exception {
        String loopback = "http://127.0.0.1:" + JarProcess.freePort();
        return SystemProperties.set(Map.of(TestHooks.BIGQUERY_HOST, loopback, TestHooks.STORAGE_HOST, loopback));
    }

    @Test
    void gcpModeExportsToCloudMonitoringWithTheServicesProjectAndStep() throws Exception {
        try (SystemProperties hooks = nowhere(); ApplicationContext context = ApplicationContext.run(gcpSettings(), "gcp")) {
            StackdriverConfig config = context.getBean(StackdriverConfig.class);
            assertThat(config.projectId()).isEqualTo("gma-prod");
            assertThat(config.step()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.enabled()).isFalse();
            assertThat(config.validate().isValid()).isTrue();

            StackdriverMeterRegistry stackdriver = context.getBean(StackdriverMeterRegistry.class);
            CompositeMeterRegistry composite = context.getBean(CompositeMeterRegistry.class);
            assertThat(composite.getRegistries()).contains(stackdriver);
            assertThat(context.containsBean(PrometheusMeterRegistry.class)).as("GET /metrics is local only").isFalse();
            assertThat(context.containsBean(MetricsController.class)).isFalse();

            // A meter of the service reaches the export, tagged with its instance; its Cloud Monitoring name.
            // (A step registry reports a counter's last complete step, so its count is not asserted here.)
            context.getBean(MeterRegistry.class).counter("gma.dead.letters").increment();
            Counter exported = stackdriver.get("gma.dead.letters").counter();
            assertThat(exported.getId().getTag("service")).isEqualTo("webhook-service");
            assertThat(exported.getId().getTag("instance")).hasSize(8);
            assertThat(config.metricTypePrefix() + stackdriver.config().namingConvention()
                    .name("gma.dead.letters", Meter.Type.COUNTER)).isEqualTo("custom.googleapis.com/gma/dead/letters");
        }
    }

    @Test
    void byDefaultTheExportPublishesOnCloudRunOnlyAndABadSwitchIsRefused() throws Exception {
        // the switch itself: service-common's MetricsExportSettingsTest; here, as the service binds it
        Map<String, Object> properties = gcpSettings();
        properties.remove("gma.metrics.export.enabled");
        try (SystemProperties hooks = nowhere(); ApplicationContext context = ApplicationContext.run(properties, "gcp")) {
            assertThat(context.getBean(StackdriverConfig.class).enabled()).as("not on Cloud Run: nothing published")
                    .isEqualTo(System.getenv().containsKey("K_SERVICE"));
        }
        properties.put("gma.metrics.export.enabled", "yes");
        try (SystemProperties hooks = nowhere()) {
            assertThatThrownBy(() -> ApplicationContext.run(properties, "gcp").close())
                    .satisfies(e -> assertThat(messages(e)).contains("METRICS_EXPORT_ENABLED must be true, false or empty"));
        }
    }

    @Test
    void localModeHasPrometheusAndNoExport() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                "gma.webhook.secret", "s", "gma.webhook.data-dir", dataDir.toString()))) {
            assertThat(context.containsBean(StackdriverMeterRegistry.class)).isFalse();
            assertThat(context.containsBean(StackdriverConfig.class)).isFalse();
            assertThat(context.containsBean(PrometheusMeterRegistry.class)).isTrue();
        }
    }

    @Test
    void aStepUnderTenSecondsStopsStartUpNamingTheVariable() throws Exception {
        Map<String, Object> properties = gcpSettings();
        properties.put("gma.metrics.export.step", "5s");
        try (SystemProperties hooks = nowhere()) {
            assertThatThrownBy(() -> ApplicationContext.run(properties, "gcp").close())
                    .satisfies(e -> assertThat(messages(e)).contains("METRICS_EXPORT_STEP must be at least 10s"));
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
