package dev.gma.leech.options;

/**
 * This pipeline's option defaults from the environment; the shared ones (and {@code Text},
 * {@code Number}) are inherited from {@link dev.gma.pipeline.options.EnvDefault}.
 */
public abstract class EnvDefault<T> extends dev.gma.pipeline.options.EnvDefault<T> {

    protected EnvDefault(String variable, T fallback) {
        super(variable, fallback);
    }

    public static final class LeechTableId extends Text {
        public LeechTableId() {
            super("LEECH_TABLE_ID", "leech_status");
        }
    }

    public static final class BatchSize extends Number {
        public BatchSize() {
            super("BATCH_SIZE", 1000);
        }
    }

    public static final class MaxAttempts extends Number {
        public MaxAttempts() {
            super("MAX_ATTEMPTS", 3);
        }
    }

    public static final class LookbackDays extends Number {
        public LookbackDays() {
            super("LOOKBACK_DAYS", 90);
        }
    }
}
