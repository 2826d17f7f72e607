package dev.gma.pipeline.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The Beam counters of a finished launch, read back from its {@link PipelineResult}: what the
 * launchers print in their summary line and what the tests assert. Committed values where the
 * runner has them (Dataflow, the DirectRunner), attempted ones otherwise.
 */
public final class CounterTotals {

    private CounterTotals() {}

    /** Every named counter of the namespace, summed over the steps; a counter never reported is 0. */
    public static Map<String, Long> of(PipelineResult result, String namespace, List<String> names) {
        return query(result, namespace, names, null);
    }

    /**
     * The counters of the namespace reported by one step (a step name matches itself and every
     * step nested in it, as Beam's filter does).
     */
    public static Map<String, Long> inStep(PipelineResult result, String namespace, List<String> names, String step) {
        return query(result, namespace, names, step);
    }

    private static Map<String, Long> query(PipelineResult result, String namespace, List<String> names, String step) {
        Map<String, Long> totals = new LinkedHashMap<>();
        names.forEach(name -> totals.put(name, 0L));
        MetricsFilter.Builder filter = MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(namespace));
        if (step != null) {
            filter.addStep(step);
        }
        for (MetricResult<Long> counter : result.metrics().queryMetrics(filter.build()).getCounters()) {
            totals.merge(counter.getName().getName(), value(counter), Long::sum);
        }
        return totals;
    }

    private static long value(MetricResult<Long> counter) {
        try {
            return counter.getCommitted();
        } catch (UnsupportedOperationException e) {
            return counter.getAttempted();
        }
    }
}
