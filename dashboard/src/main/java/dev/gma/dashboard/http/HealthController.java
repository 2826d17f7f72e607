package dev.gma.dashboard.http;

import dev.gma.config.Modes;
import io.micronaut.context.env.Environment;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;

/** {@code GET /health} for Cloud Run and bin/run-local. */
@Controller("/health")
public class HealthController {

    private final String mode;

    public HealthController(Environment environment) {
        this.mode = environment.getActiveNames().contains(Modes.GCP) ? "gcp" : "local";
    }

    @Get
    public Map<String, String> health() {
        return Map.of("status", "UP", "mode", mode);
    }
}
