package dev.gma.dashboard;

import dev.gma.config.Modes;
import io.micronaut.runtime.Micronaut;

/** The dashboard: pages over the derived tables, SQLite locally, BigQuery in GCP mode (PROJECT_ID set). */
public final class Application {

    private Application() {}

    public static void main(String[] args) {
        boolean gcp = Modes.prepareLogging(System.getenv());
        Micronaut micronaut = Micronaut.build(args).mainClass(Application.class);
        micronaut.deduceEnvironment(false);
        if (gcp) {
            micronaut.environments(Modes.GCP);
        }
        micronaut.start();
    }
}
