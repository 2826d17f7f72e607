package dev.gma.backfill.options;

/**
 * This pipeline's option defaults from the environment; the shared ones (and {@code Text},
 * {@code Number}) are inherited from {@link dev.gma.pipeline.options.EnvDefault}.
 */
public abstract class EnvDefault<T> extends dev.gma.pipeline.options.EnvDefault<T> {

    protected EnvDefault(String variable, T fallback) {
        super(variable, fallback);
    }

    public static final class MaxRunMinutes extends Number {
        public MaxRunMinutes() {
            super("BACKFILL_MAX_RUN_MINUTES", 360);
        }
    }
}
