package dev.gma.pipeline.options;

import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Option defaults taken from the environment variables the services use, so one set of
 * variables configures the whole system; a command-line flag still wins. Each pipeline's own
 * {@code EnvDefault} extends this one with its own variables.
 */
public abstract class EnvDefault<T> implements DefaultValueFactory<T> {

    private final String variable;
    private final T fallback;

    protected EnvDefault(String variable, T fallback) {
        this.variable = variable;
        this.fallback = fallback;
    }

    @Override
    public T create(PipelineOptions options) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : parse(variable, value.strip());
    }

    protected abstract T parse(String variable, String value);

    /** A text variable. */
    public abstract static class Text extends EnvDefault<String> {
        protected Text(String variable, String fallback) {
            super(variable, fallback);
        }

        @Override
        protected String parse(String variable, String value) {
            return value;
        }
    }

    /** A whole-number variable; a value that is not a number stops the launch with its name. */
    public abstract static class Number extends EnvDefault<Integer> {
        protected Number(String variable, Integer fallback) {
            super(variable, fallback);
        }

        @Override
        protected Integer parse(String variable, String value) {
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(variable + " must be a whole number, got '" + value + "'");
            }
        }
    }

    public static final class DataDir extends Text {
        public DataDir() {
            super("GMA_DATA_DIR", "./data");
        }
    }

    public static final class ProjectId extends Text {
        public ProjectId() {
            super("PROJECT_ID", "");
        }
    }

    public static final class DatasetId extends Text {
        public DatasetId() {
            super("DATASET_ID", "");
        }
    }

    public static final class EventsTableId extends Text {
        public EventsTableId() {
            super("EVENTS_TABLE_ID", "events");
        }
    }

    public static final class BucketName extends Text {
        public BucketName() {
            super("BUCKET_NAME", "");
        }
    }

    public static final class ApiBaseUrl extends Text {
        public ApiBaseUrl() {
            super("GITHUB_API_BASE_URL", "https://api.github.com");
        }
    }

    public static final class AppId extends Text {
        public AppId() {
            super("GITHUB_APP_ID", "");
        }
    }

    public static final class PrivateKeySecretId extends Text {
        public PrivateKeySecretId() {
            super("GITHUB_PRIVATE_KEY_SECRET_ID", "");
        }
    }
}
