package dev.gma.webhook.local;

import dev.gma.testing.TempDirectories;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.testing.StoredRows;
import dev.gma.testing.Testdata;
import dev.gma.webhook.WebhookClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A failed publish on the buffered (event-loop) path: the failure is recorded and answered 500
 * until RETRY_LIMIT (2 here), then the delivery goes to the dead letter and is answered 201, as
 * on the streamed path. Publishing fails on purpose (fault rate 0.999999, fixed seed).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestPathFailureTest implements TestPropertyProvider {

    private Path dataDir;

    @Inject EmbeddedServer server;
    @Inject MeterRegistry registry;

    @Override
    public Map<String, String> getProperties() {
        dataDir = TempDirectories.create("gma-request-path-failure-test");
        return Map.of("gma.webhook.data-dir", dataDir.toString(), "gma.webhook.secret", "s",
                "micronaut.server.port", "-1", "gma.webhook.retry-limit", "2",
                "gma.webhook.fault.publish-failure-rate", "0.999999", "gma.webhook.fault.seed", "11");
    }

    @Test
    void aFailedPublishIsRecordedThenDeadLetteredAtTheLimit() throws Exception {
        WebhookClient client = new WebhookClient(server.getURI(), "s");
        byte[] body = Testdata.bytes("ping.json");
        String id = WebhookClient.newDeliveryId();

        HttpResponse<String> first = client.deliver(id, "ping", body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(500);
        assertThat(first.body()).isEqualTo("{\"errors\":[\"publishing the event failed; GitHub will redeliver it\"],"
                + "\"delivery_id\":\"" + id + "\",\"outcome\":\"failed\"}");
        assertThat(StoredRows.of(dataDir, "failure_events", id)).singleElement()
                .satisfies(row -> assertThat((String) row.get("error")).startsWith("injected fault"));
        assertThat(StoredRows.of(dataDir, "dead_letter_events", id)).isEmpty();

        HttpResponse<String> second = client.deliver(id, "ping", body);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(second.body()).isEqualTo("{\"delivery_id\":\"" + id + "\",\"outcome\":\"dead_lettered\"}");
        assertThat(StoredRows.of(dataDir, "failure_events", id)).hasSize(2);
        assertThat(StoredRows.of(dataDir, "dead_letter_events", id)).singleElement()
                .satisfies(row -> assertThat(row.get("payload")).isEqualTo(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(StoredRows.of(dataDir, "events", id)).isEmpty();
        assertThat(registry.get("gma.request.bytes.in.flight").gauge().value()).isZero();
    }
}
