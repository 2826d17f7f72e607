package dev.gma.webhook.metrics;

import dev.gma.service.metrics.CloudMonitoringExport;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.testing.Testdata;
import dev.gma.webhook.config.WebhookSettings;
import dev.gma.webhook.domain.Outcome;
import io.micrometer.core.instrument.Meter;
import io.micrometer.stackdriver.StackdriverConfig;
import io.micrometer.stackdriver.StackdriverMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Terraform module's alert policies and dashboard read the webhook's series by the names the
 * webhook writes: every {@code custom.googleapis.com/gma/...} type they name (but the retry
 * service's) is a meter the webhook registers, named as the Stackdriver registry names it.
 */
class TerraformMonitoringTest {

    private static final Pattern TYPE = Pattern.compile("custom\\.googleapis\\.com/(gma/[a-z0-9/]+)");

    @Test
    void everyWebhookSeriesTheModuleReadsIsOneTheWebhookWrites() throws Exception {
        Set<String> written = writtenTypes();
        Path terraform = Testdata.root().getParent().resolve("terraform");
        Set<String> read = new TreeSet<>();
        for (String file : new String[] {"monitoring.tf", "monitoring/dashboard.json.tftpl"}) {
            Matcher m = TYPE.matcher(Files.readString(terraform.resolve(file)));
            while (m.find()) {
                if (!m.group(1).startsWith("gma/retry/")) {
                    read.add(m.group(1));
                }
            }
        }
        assertThat(read).as("the webhook's series the module reads").contains("gma/dead/letters", "gma/publish/failures",
                "gma/deliveries", "gma/publish", "gma/request/bytes/in/flight");
        assertThat(written).containsAll(read);
    }

    /** Every meter of the webhook, registered as the service does, by its Cloud Monitoring type. */
    private static Set<String> writtenTypes() {
        StackdriverConfig off = new CloudMonitoringExport.ExportConfig("gma-prod", Duration.ofMinutes(1), false);
        StackdriverMeterRegistry registry = StackdriverMeterRegistry.builder(off).build();
        try {
            new DeliveryMetrics(registry).answered("ping", 201, Outcome.STORED);
            MeteredPorts.publisher((event, payload) -> java.util.concurrent.CompletableFuture.completedFuture(null), registry);
            MeteredPorts.failures((id, error, at) -> 1, registry);
            MeteredPorts.deadLetters((event, payload, error) -> { }, registry);
            new BytesInFlight(new WebhookSettings("s", 5, Path.of("data"), 26214400, Duration.ofSeconds(8), 8000000,
                    209715200), registry);
            Set<String> types = new TreeSet<>();
            for (Meter meter : registry.getMeters()) {
                types.add(registry.config().namingConvention().name(meter.getId().getName(), meter.getId().getType()));
            }
            return types;
        } finally {
            registry.close();
        }
    }
}
