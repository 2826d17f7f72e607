package dev.gma.leech;

import dev.gma.leech.options.LeechConfig;
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

    static String of(PipelineResult result, PipelineResult.State state, LeechConfig config) {
        Map<String, Long> counts = new LinkedHashMap<>();
        LeechMetrics.NAMES.forEach(name -> counts.put(name, 0L));
        MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(LeechMetrics.NAMESPACE)).build());
        for (MetricResult<Long> counter : metrics.getCounters()) {
            counts.merge(counter.getName().getName(), attempted(counter), Long::sum);
        }
        StringBuilder line = new StringBuilder("leech: state=").append(state)
                .append(" mode=").append(config.gcp() ? "gcp" : "local")
                .append(" bucket=").append(config.bucketRoot());
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
