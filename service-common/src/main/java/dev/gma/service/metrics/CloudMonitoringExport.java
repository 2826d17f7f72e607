package dev.gma.service.metrics;

import dev.gma.config.Modes;
import io.micrometer.stackdriver.StackdriverConfig;
import io.micrometer.stackdriver.StackdriverMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;

/**
 * GCP mode: every meter also goes to Cloud Monitoring as {@code custom.googleapis.com/gma/...}
 * (Micrometer's Stackdriver registry; Micronaut adds it to its composite registry, so the meters
 * registered through {@code MeterRegistry} reach it). Micronaut's own micronaut-micrometer-
 * registry-stackdriver module is not served by the registry this build uses, so this factory does
 * its job from the service's settings: the project is PROJECT_ID (gma.metrics.export.project-id), the step METRICS_EXPORT_STEP,
 * and it publishes on Cloud Run (or where METRICS_EXPORT_ENABLED=true). Each instance writes its
 * own series (label {@code instance}), since Cloud Run runs several and Cloud Monitoring refuses
 * two writers of one series. Locally there is no such bean and {@code GET /metrics} serves
 * Prometheus text instead.
 */
@Factory
@Requires(env = Modes.GCP)
@Requires(classes = StackdriverMeterRegistry.class)
public class CloudMonitoringExport {

    @Singleton
    StackdriverConfig stackdriverConfig(MetricsExportSettings export) {
        if (export.projectId().isEmpty()) {
            throw new IllegalStateException("GCP mode exports metrics to Cloud Monitoring: PROJECT_ID must be set");
        }
        return new ExportConfig(export.projectId(), export.step(), export.publishes(System.getenv()));
    }

    /** Built with the context: a bad setting stops start-up, and publishing starts before the first request. */
    @Context
    @Bean(preDestroy = "close")
    StackdriverMeterRegistry stackdriverMeterRegistry(StackdriverConfig config,
                                                      @Value("${micronaut.application.name}") String service) {
        StackdriverMeterRegistry registry = StackdriverMeterRegistry.builder(config).build();
        String revision = System.getenv().getOrDefault("K_REVISION", service);
        registry.config().commonTags("service", service, "revision", revision,
                "instance", UUID.randomUUID().toString().substring(0, 8));
        return registry;
    }

    /** The registry's settings, from ours alone: no {@code stackdriver.*} property is read. */
    public record ExportConfig(String projectId, Duration step, boolean enabled) implements StackdriverConfig {
        @Override
        public String get(String key) {
            return null;
        }
    }
}
