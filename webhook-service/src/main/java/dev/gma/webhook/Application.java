package dev.gma.webhook;

import dev.gma.webhook.config.Modes;
import io.micronaut.runtime.Micronaut;

public final class Application {

    private Application() {}

    public static void main(String[] args) {
        boolean gcp = Modes.gcpRequested(System.getenv());
        // Chosen before the first logger exists: JSON lines for Cloud Logging in GCP mode.
        System.setProperty("gma.log.appender", gcp ? "JSON" : "TEXT");
        Micronaut micronaut = Micronaut.build(args).mainClass(Application.class);
        micronaut.deduceEnvironment(false);
        if (gcp) {
            micronaut.environments(Modes.GCP);
        }
        micronaut.start();
    }
}
