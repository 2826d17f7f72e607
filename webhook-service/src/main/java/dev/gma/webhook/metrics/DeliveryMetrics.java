package dev.gma.webhook.metrics;

import dev.gma.webhook.domain.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the webhook and events intake count (Prometheus names in brackets):
 * deliveries by event and outcome ({@code gma_deliveries_total}: stored, failed, dead_lettered, or
 * rejected_<status>). The bytes in flight are {@link BytesInFlight}'s gauge; publish latency, failures
 * and dead letters are counted by the metered ports ({@link MeteredPorts}).
 */
@Singleton
public class DeliveryMetrics {

    /** Event names as GitHub sends them; anything else is one label, so a client cannot grow the series. */
    private static final Pattern EVENT = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One answered request: its event (or report kind), HTTP status and outcome. */
    public void answered(String event, int status, Outcome outcome) {
        String label = event != null && EVENT.matcher(event).matches() ? event : "invalid";
        String result = outcome != null ? outcome.name().toLowerCase(Locale.ROOT) : "rejected_" + status;
        Counter.builder("gma.deliveries").description("deliveries and reports answered, by event and outcome")
                .tag("event", label).tag("outcome", result).register(registry).increment();
    }

}
