package dev.gma.leech;

import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/** The Beam counters of the pipeline, all in namespace {@code leech}; the launcher prints them. */
public final class LeechMetrics {

    public static final String NAMESPACE = "leech";

    public static final Counter READ = counter("runs_read");
    public static final Counter NOT_COMPLETED = counter("runs_not_completed");
    public static final Counter SUCCESS = counter("success");
    public static final Counter NOT_FOUND = counter("not_found");
    public static final Counter FAILURE = counter("failure");
    public static final Counter DEAD_LETTERS = counter("dead_letters");
    public static final Counter BYTES_COPIED = counter("bytes_copied");
    public static final Counter STATUS_ROWS = counter("status_rows_written");
    /** GCP mode: {@code leech_status} rows BigQuery refused for good (dead-lettered, not retried). */
    public static final Counter ROWS_REFUSED = counter("rows_refused");

    /** In the order the summary prints them. */
    public static final List<String> NAMES = List.of("runs_read", "runs_not_completed", "success", "not_found",
            "failure", "dead_letters", "bytes_copied", "status_rows_written", "rows_refused");

    private LeechMetrics() {}

    private static Counter counter(String name) {
        return Metrics.counter(NAMESPACE, name);
    }
}
