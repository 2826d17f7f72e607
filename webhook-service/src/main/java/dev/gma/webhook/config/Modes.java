package dev.gma.webhook.config;

import java.util.Map;

/** Local mode is the default; GCP mode is chosen explicitly. */
public final class Modes {

    /** The Micronaut environment that switches every adapter to its GCP implementation. */
    public static final String GCP = "gcp";

    private Modes() {}

    /** GCP mode when the environment names it or PROJECT_ID is set (as on Cloud Run). */
    public static boolean gcpRequested(Map<String, String> env) {
        String environments = env.getOrDefault("MICRONAUT_ENVIRONMENTS", "");
        boolean named = java.util.Arrays.stream(environments.split(",")).map(String::strip).anyMatch(GCP::equals);
        String projectId = env.getOrDefault("PROJECT_ID", "");
        return named || !projectId.isBlank();
    }
}
