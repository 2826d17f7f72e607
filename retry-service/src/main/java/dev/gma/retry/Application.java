package dev.gma.retry;

import io.micronaut.runtime.Micronaut;

public final class Application {

    private Application() {}

    public static void main(String[] args) {
        boolean gcp = !System.getenv().getOrDefault("PROJECT_ID", "").isBlank();
        System.setProperty("gma.log.appender", gcp ? "JSON" : "TEXT");
        Micronaut micronaut = Micronaut.build(args).mainClass(Application.class);
        micronaut.deduceEnvironment(false);
        micronaut.start();
    }
}
