package dev.gma.retry;

import dev.gma.retry.config.Modes;
import io.micronaut.runtime.Micronaut;
import java.util.Map;

public final class Application {

    private Application() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        boolean gcp = Modes.gcpRequested(env);
        // Chosen before the first logger exists: JSON lines for Cloud Logging in GCP mode. The JSON
        // layout is given the project so that it never asks the metadata server for one.
        System.setProperty("gma.log.appender", gcp ? "JSON" : "TEXT");
        String projectId = env.getOrDefault("PROJECT_ID", "");
        System.setProperty("gma.log.project-id", projectId.isBlank() ? "unset" : projectId.strip());
        Micronaut micronaut = Micronaut.build(args).mainClass(Application.class);
        micronaut.deduceEnvironment(false);
        if (gcp) {
            micronaut.environments(Modes.GCP);
        }
        micronaut.start();
    }
}
