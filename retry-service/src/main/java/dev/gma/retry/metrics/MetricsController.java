package dev.gma.retry.metrics;

import dev.gma.config.Modes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format, for a local scrape. Not in GCP
 * mode: there the meters go to Cloud Monitoring, and the service's URL is for Cloud Scheduler.
 */
@Controller
@Requires(notEnv = Modes.GCP)
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
