package dev.gma.service.metrics;

import dev.gma.config.Modes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format, for a local scrape, in the services
 * that register a Prometheus registry. Not in GCP mode, where the webhook is public and the retry
 * service's URL is Cloud Scheduler's: there the meters go to Cloud Monitoring (CloudMonitoringExport).
 */
@Controller
@Requires(notEnv = Modes.GCP)
@Requires(classes = PrometheusMeterRegistry.class)
@Requires(beans = PrometheusMeterRegistry.class)
public class MetricsController {

    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get("/metrics")
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        return registry.scrape();
    }
}
