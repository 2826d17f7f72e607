package dev.gma.backfill;

import dev.gma.backfill.options.BackfillConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** The launch's outcome counts, printed when it ends (one line, key=value, easy to grep). */
final class Summary {

    private Summary() {}

    static String of(PipelineResult result, PipelineResult.State state, BackfillConfig config) {
        Map<String, Long> counts = new LinkedHashMap<>();
        BackfillMetrics.NAMES.forEach(name -> counts.put(name, 0L));
        MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(BackfillMetrics.NAMESPACE)).build());
        for (MetricResult<Long> counter : metrics.getCounters()) {
            counts.merge(counter.getName().getName(), attempted(counter), Long::sum);
        }
        StringBuilder line = new StringBuilder("backfill: state=").append(state)
                .append(" mode=").append(config.gcp() ? "gcp" : "local")
                .append(" since=").append(config.since());
        counts.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        return line.toString();
    }

    private static long attempted(MetricResult<Long> counter) {
        try {
            return counter.getCommitted();
        } catch (UnsupportedOperationException e) {
            return counter.getAttempted();
        }
    }
}
