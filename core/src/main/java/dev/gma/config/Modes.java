package dev.gma.config;

import java.util.Arrays;
import java.util.Map;

/**
 * How a service picks its mode, the same for every service: local mode is the default; GCP mode
 * is chosen explicitly, by the Micronaut environment {@code gcp} or a non-blank PROJECT_ID (as on
 * Cloud Run). Plain Java, so it runs before any framework or logger exists.
 */
public final class Modes {

    /** The Micronaut environment that switches every adapter to its GCP implementation. */
    public static final String GCP = "gcp";

    private Modes() {}

    public static boolean gcpRequested(Map<String, String> env) {
        String environments = env.getOrDefault("MICRONAUT_ENVIRONMENTS", "");
        boolean named = Arrays.stream(environments.split(",")).map(String::strip).anyMatch(GCP::equals);
        return named || !env.getOrDefault("PROJECT_ID", "").isBlank();
    }

    /**
     * Chooses the log format before the first logger exists (JSON lines for Cloud Logging in GCP
     * mode, text locally) and hands the JSON layout the project, so it never asks the metadata
     * server for one. Both services' logback.xml read these two properties.
     *
     * @return whether GCP mode was requested
     */
    public static boolean prepareLogging(Map<String, String> env) {
        boolean gcp = gcpRequested(env);
        System.setProperty("gma.log.appender", gcp ? "JSON" : "TEXT");
        String projectId = env.getOrDefault("PROJECT_ID", "");
        System.setProperty("gma.log.project-id", projectId.isBlank() ? "unset" : projectId.strip());
        return gcp;
    }
}
