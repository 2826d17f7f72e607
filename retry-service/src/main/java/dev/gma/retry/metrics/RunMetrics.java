package dev.gma.retry.metrics;

import dev.gma.retry.domain.RunSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

/**
 * The figures of each retry run, recorded from its summary once it ended (Prometheus names in
 * brackets; in Cloud Monitoring they are {@code custom.googleapis.com/gma/retry/...}):
 * runs by outcome ({@code gma_retry_runs_total}: complete, incomplete, failed, lease_lost,
 * lock_held), pages read ({@code gma_retry_pages_total}), failed deliveries found
 * ({@code gma_retry_failed_deliveries_total}), redelivered ({@code gma_retry_redelivered_total}),
 * redeliveries GitHub refused ({@code gma_retry_redelivery_failures_total}), run duration as a
 * histogram ({@code gma_retry_run_seconds}, by outcome) and runs that did not get the lease
 * ({@code gma_retry_lease_not_acquired_total}). The run itself knows nothing of meters.
 */
@Singleton
public class RunMetrics {

    private final MeterRegistry registry;
    private final Counter pages;
    private final Counter failedDeliveries;
    private final Counter redelivered;
    private final Counter redeliveryFailures;
    private final Counter leaseNotAcquired;

    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.pages = counter("gma.retry.pages", "pages of GitHub's delivery list read");
        this.failedDeliveries = counter("gma.retry.failed.deliveries", "GUIDs found whose newest delivery failed");
        this.redelivered = counter("gma.retry.redelivered", "redeliveries GitHub accepted (202)");
        this.redeliveryFailures = counter("gma.retry.redelivery.failures", "redeliveries GitHub refused");
        this.leaseNotAcquired = counter("gma.retry.lease.not.acquired", "runs that found the lease held by another run");
        // Every outcome exists from the start, so a rate or an absence alert has a series to read.
        for (String outcome : new String[] {"complete", "incomplete", "failed", "lease_lost", "lock_held"}) {
            runs(outcome);
        }
    }

    public void record(RunSummary summary) {
        String outcome = summary.outcome();
        runs(outcome).increment();
        Timer.builder("gma.retry.run").description("duration of a retry run, by outcome").tag("outcome", outcome)
                .publishPercentileHistogram().register(registry).record(summary.duration());
        pages.increment(summary.pages());
        failedDeliveries.increment(summary.failedGuids());
        redelivered.increment(summary.redelivered());
        redeliveryFailures.increment(summary.redeliveryRefused());
        if (summary.lockHeld()) {
            leaseNotAcquired.increment();
        }
    }

    private Counter runs(String outcome) {
        return Counter.builder("gma.retry.runs").description("retry runs, by how they ended").tag("outcome", outcome)
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
