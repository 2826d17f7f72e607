package dev.gma.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code gma}, read once from the environment with the names the services use.
 * GCP mode when {@code PROJECT_ID} is set, local otherwise. What a command needs and lacks is named
 * by {@link #require(String, String...)} before it starts.
 *
 * @param gcp                 GCP mode
 * @param dataDir             GMA_DATA_DIR (local store, default ./data)
 * @param projectId           PROJECT_ID
 * @param eventsTopicId       EVENTS_TOPIC_ID
 * @param dlqSubscriptionId   DLQ_SUBSCRIPTION_ID (the dead-letter topic's pull subscription)
 * @param pubsubEmulatorHost  PUBSUB_EMULATOR_HOST (Google's own variable for the emulator)
 * @param retryServiceUrl     RETRY_SERVICE_URL (local default http://127.0.0.1:$RETRY_PORT, 8081)
 * @param bigQueryProjectId   BIG_QUERY_PROJECT_ID (default PROJECT_ID)
 * @param datasetId           DATASET_ID
 */
public record CliSettings(boolean gcp, Path dataDir, String projectId, String eventsTopicId,
        String dlqSubscriptionId, String pubsubEmulatorHost, URI retryServiceUrl, String bigQueryProjectId,
        String datasetId) {

    public static CliSettings from(Map<String, String> env) {
        boolean gcp = !blank(env.get("PROJECT_ID"));
        String retry = env.get("RETRY_SERVICE_URL");
        if (blank(retry) && !gcp) {
            retry = "http://127.0.0.1:" + env.getOrDefault("RETRY_PORT", "8081");
        }
        return new CliSettings(gcp,
                Path.of(env.getOrDefault("GMA_DATA_DIR", "data")),
                env.get("PROJECT_ID"),
                env.get("EVENTS_TOPIC_ID"),
                env.get("DLQ_SUBSCRIPTION_ID"),
                env.get("PUBSUB_EMULATOR_HOST"),
                blank(retry) ? null : URI.create(retry.replaceFirst("/+$", "")),
                env.get("BIG_QUERY_PROJECT_ID"),
                env.get("DATASET_ID"));
    }

    /** Fails with every missing variable named when a GCP command lacks one. */
    public void require(String command, String... variables) {
        if (!gcp) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String v : variables) {
            if (blank(value(v))) {
                missing.add(v);
            }
        }
        if (!missing.isEmpty()) {
            throw new UsageException("gma " + command + " in GCP mode needs " + String.join(", ", missing));
        }
    }

    private String value(String variable) {
        return switch (variable) {
            case "PROJECT_ID" -> projectId;
            case "EVENTS_TOPIC_ID" -> eventsTopicId;
            case "DLQ_SUBSCRIPTION_ID" -> dlqSubscriptionId;
            case "RETRY_SERVICE_URL" -> retryServiceUrl == null ? null : retryServiceUrl.toString();
            case "DATASET_ID" -> datasetId;
            default -> throw new IllegalArgumentException("unknown setting " + variable);
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A setting or argument the operator must fix; exit code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
