package dev.gma.backfill;

import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/** The launch's counters (namespace {@code backfill}), printed in the summary line. */
public final class BackfillMetrics {

    public static final String NAMESPACE = "backfill";

    public static final Counter INSTALLATIONS = counter("installations");
    public static final Counter REPOSITORIES = counter("repositories");
    public static final Counter DONE = counter("repositories_done");
    public static final Counter PARTIAL = counter("repositories_partial");
    public static final Counter SKIPPED = counter("repositories_skipped");
    public static final Counter FAILED = counter("repositories_failed");
    public static final Counter RATE_LIMITED = counter("repositories_rate_limited");
    public static final Counter PAGES = counter("pages");
    public static final Counter EVENTS = counter("events_written");
    public static final Counter GITHUB_CALLS = counter("github_calls");
    public static final Counter DEAD_LETTERS = counter("dead_letters");

    /** In the order the summary prints them. */
    public static final List<String> NAMES = List.of("installations", "repositories", "repositories_done",
            "repositories_partial", "repositories_skipped", "repositories_failed", "repositories_rate_limited", "pages", "events_written",
            "github_calls", "dead_letters");

    private BackfillMetrics() {}

    private static Counter counter(String name) {
        return Metrics.counter(NAMESPACE, name);
    }
}
