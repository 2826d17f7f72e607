package dev.gma.leech.options;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Local launches copy one archive at a time unless {@code --targetParallelism} says otherwise.
 *
 * <p>While a copy runs, the DirectRunner's scheduler polls its timers without pause on every
 * worker it is not copying on (apache/beam#18070), taking a core from the copy. With one worker it
 * waits for the copy instead: on 2 cores a 1 GiB archive copied at 0.93x curl's rate against 0.61x
 * with the DirectRunner's default of three workers (docs/benchmarks.md section 6). The price is
 * that archives are copied one after another; {@code --targetParallelism=N} copies N at once.
 * Dataflow launches are not touched.
 */
public final class DirectRunnerDefaults {

    public static final int LOCAL_TARGET_PARALLELISM = 1;

    private DirectRunnerDefaults() {}

    /** Applies the local default to {@code options} when the launch runs on the DirectRunner. */
    public static void apply(PipelineOptions options, String[] args) {
        if (options.getRunner() == DirectRunner.class && !given(args)) {
            options.as(DirectOptions.class).setTargetParallelism(LOCAL_TARGET_PARALLELISM);
        }
    }

    private static boolean given(String[] args) {
        for (String arg : args) {
            if (arg.equals("--targetParallelism") || arg.startsWith("--targetParallelism=")) {
                return true;
            }
        }
        return false;
    }
}
