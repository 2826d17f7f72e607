package dev.gma.retry.config;

import java.util.Arrays;
import java.util.Map;

/** Local mode is the default; GCP mode is chosen explicitly (as in the webhook service). */
public final class Modes {

    /** The Micronaut environment that switches every adapter to its GCP implementation. */
    public static final String GCP = "gcp";

    private Modes() {}

    /** GCP mode when MICRONAUT_ENVIRONMENTS names it or PROJECT_ID is set (as on Cloud Run). */
    public static boolean gcpRequested(Map<String, String> env) {
        String environments = env.getOrDefault("MICRONAUT_ENVIRONMENTS", "");
        boolean named = Arrays.stream(environments.split(",")).map(String::strip).anyMatch(GCP::equals);
        return named || !env.getOrDefault("PROJECT_ID", "").isBlank();
    }
}
