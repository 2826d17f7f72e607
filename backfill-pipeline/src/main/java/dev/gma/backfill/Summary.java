package dev.gma.backfill;

import dev.gma.backfill.options.BackfillConfig;
import dev.gma.pipeline.metrics.CounterTotals;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;

/** The launch's outcome counts, printed when it ends (one line, key=value, easy to grep). */
final class Summary {

    private Summary() {}

    static String of(PipelineResult result, PipelineResult.State state, BackfillConfig config) {
        Map<String, Long> counts = CounterTotals.of(result, BackfillMetrics.NAMESPACE, BackfillMetrics.NAMES);
        StringBuilder line = new StringBuilder("backfill: state=").append(state)
                .append(" mode=").append(config.gcp() ? "gcp" : "local")
                .append(" since=").append(config.since());
        counts.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        return line.toString();
    }
}
