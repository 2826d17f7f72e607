package dev.gma.leech;

import dev.gma.leech.options.LeechConfig;
import dev.gma.pipeline.metrics.CounterTotals;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;

/** The launch's outcome counts, printed when it ends (one line, key=value, easy to grep). */
final class Summary {

    private Summary() {}

    static String of(PipelineResult result, PipelineResult.State state, LeechConfig config) {
        Map<String, Long> counts = CounterTotals.of(result, LeechMetrics.NAMESPACE, LeechMetrics.NAMES);
        StringBuilder line = new StringBuilder("leech: state=").append(state)
                .append(" mode=").append(config.gcp() ? "gcp" : "local")
                .append(" bucket=").append(config.bucketRoot());
        counts.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        return line.toString();
    }
}
