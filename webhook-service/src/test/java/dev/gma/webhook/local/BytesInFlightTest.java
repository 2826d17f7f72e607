package dev.gma.webhook.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.webhook.WebhookClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * MAX_BYTES_IN_FLIGHT (100 kB here): while a slow client holds an 80 kB body open, a 30 kB delivery
 * is answered 503 with Retry-After and nothing stored; once the slow one is gone it is stored. A
 * single delivery larger than the cap is still admitted when nothing else is in flight.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BytesInFlightTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("gma.webhook.data-dir", Files.createTempDirectory("gma-inflight-test").toString(),
                    "gma.webhook.secret", "s", "micronaut.server.port", "-1", "gma.webhook.max-bytes-in-flight", "100000");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] body(int size) {
        String head = "{\"zen\":\"";
        StringBuilder b = new StringBuilder(head);
        b.append("a".repeat(size - head.length() - 2)).append("\"}");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Polls the gauge on GET /metrics until it shows {@code bytes}, for at most 10 s. */
    private void awaitInFlight(long bytes) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String line = "gma_request_bytes_in_flight_bytes " + (double) bytes;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/metrics"))
                    .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (metrics.lines().anyMatch(l -> l.equals(line))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("bytes in flight never reached " + bytes);
    }

    @Test
    void overTheCapTheAnswerIs503UntilTheSlowBodyIsGone() throws Exception {
        WebhookClient client = new WebhookClient(server.getURI(), "s");
        String refused = WebhookClient.newDeliveryId();
        try (Socket slow = new Socket(server.getHost(), server.getPort())) {
            slow.getOutputStream().write(("POST /webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-GitHub-Delivery: slow-1\r\nX-GitHub-Event: ping\r\nX-Hub-Signature-256: sha256=00\r\n"
                    + "Content-Length: 80000\r\n\r\n{\"zen\":\"").getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            awaitInFlight(80_000); // the slow request is admitted once its headers are read
            HttpResponse<String> busy = client.deliver(refused, "ping", body(30_000));
            assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("10");
            assertThat(busy.body()).startsWith("{\"errors\":[").contains("MAX_BYTES_IN_FLIGHT");
        }
        awaitInFlight(0); // the server notices the closed connection and gives the bytes back
        HttpResponse<String> later = client.deliver(refused, "ping", body(30_000));
        assertThat(later.statusCode()).as(later.body()).isEqualTo(201);
        assertThat(client.deliver(WebhookClient.newDeliveryId(), "ping", body(150_000)).statusCode())
                .as("one delivery over the cap alone").isEqualTo(201);
    }
}
