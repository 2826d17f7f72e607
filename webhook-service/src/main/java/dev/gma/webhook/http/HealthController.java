package dev.gma.webhook.http;

import dev.gma.config.Modes;
import io.micronaut.context.env.Environment;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;

/** {@code GET /health} for Cloud Run's probes and for local checks. */
@Controller
public class HealthController {

    private final String mode;

    public HealthController(Environment environment) {
        this.mode = environment.getActiveNames().contains(Modes.GCP) ? "gcp" : "local";
    }

    @Get("/health")
    public Map<String, String> health() {
        return Map.of("status", "UP", "mode", mode);
    }
}
