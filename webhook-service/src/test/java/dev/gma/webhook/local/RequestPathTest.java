package dev.gma.webhook.local;

import dev.gma.testing.TempDirectories;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.testing.StoredRows;
import dev.gma.webhook.WebhookClient;
import dev.gma.webhook.domain.SignatureVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The two request paths of POST /webhook. A body that declares at most 1 MiB is buffered and
 * answered from the event loop: the blocking executor runs no task for it. A chunked body or a
 * larger one is streamed on the blocking executor. A client that goes away mid-body on the
 * buffered path gives its in-flight bytes back and leaves nothing stored.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestPathTest implements TestPropertyProvider {

    private Path dataDir;

    @Inject EmbeddedServer server;
    @Inject MeterRegistry registry;

    @Override
    public Map<String, String> getProperties() {
        dataDir = TempDirectories.create("gma-request-path-test");
        return Map.of("gma.webhook.data-dir", dataDir.toString(), "gma.webhook.secret", "s",
                "micronaut.server.port", "-1");
    }

    private static byte[] body(int size) {
        String head = "{\"zen\":\"";
        return (head + "a".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Tasks the blocking executor was given so far: done, running or queued, from the executor
     * meters Micronaut registers for its pool (tagged name=blocking).
     */
    private double blockingTasks() {
        return registry.get("executor.completed").tag("name", TaskExecutors.BLOCKING).functionCounter().count()
                + registry.get("executor.active").tag("name", TaskExecutors.BLOCKING).gauge().value()
                + registry.get("executor.queued").tag("name", TaskExecutors.BLOCKING).gauge().value();
    }

    private double bytesInFlight() {
        return registry.get("gma.request.bytes.in.flight").gauge().value();
    }

    @Test
    void aDeliveryOfAtMostOneMebibyteIsAnsweredWithoutABlockingThread() throws Exception {
        WebhookClient client = new WebhookClient(server.getURI(), "s");
        client.deliver(WebhookClient.newDeliveryId(), "ping", body(1024)); // the server's own first-use work
        double before = blockingTasks();
        for (int size : new int[] {1024, 64 * 1024, 1 << 20}) {
            String id = WebhookClient.newDeliveryId();
            byte[] body = body(size);
            HttpResponse<String> answer = client.deliver(id, "ping", body);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            assertThat(answer.body()).isEqualTo("{\"delivery_id\":\"" + id + "\",\"outcome\":\"stored\"}");
            assertThat(StoredRows.of(dataDir, "events", id)).as("durable once answered").singleElement()
                    .satisfies(row -> assertThat(row.get("payload")).isEqualTo(new String(body, StandardCharsets.US_ASCII)));
        }
        HttpResponse<String> refused = new WebhookClient(server.getURI(), "wrong")
                .deliver(WebhookClient.newDeliveryId(), "ping", body(1024));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo("{\"errors\":[\"X-Hub-Signature-256 does not match the body\"]}");
        assertThat(blockingTasks()).as("tasks given to the blocking executor").isEqualTo(before);
        assertThat(bytesInFlight()).isZero();
    }

    @Test
    void aChunkedOrLargerDeliveryIsStillStreamedOnTheBlockingExecutor() throws Exception {
        WebhookClient client = new WebhookClient(server.getURI(), "s");
        byte[] large = body((1 << 20) + 1);
        String largeId = WebhookClient.newDeliveryId();
        double before = blockingTasks();
        assertThat(client.deliver(largeId, "ping", large).statusCode()).isEqualTo(201);
        assertThat(blockingTasks()).as("the body over 1 MiB was read on the blocking executor").isGreaterThan(before);
        assertThat(StoredRows.of(dataDir, "events", largeId)).singleElement()
                .satisfies(row -> assertThat(row.get("payload")).isEqualTo(new String(large, StandardCharsets.US_ASCII)));

        byte[] small = body(2048);
        String chunkedId = WebhookClient.newDeliveryId();
        double beforeChunked = blockingTasks();
        HttpRequest.Builder chunked = client.request(chunkedId, "ping", "application/json")
                .header("X-Hub-Signature-256", SignatureVerifier.sign("s", small))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small))); // no length: chunked
        HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(chunked.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(blockingTasks()).as("the chunked body was read on the blocking executor").isGreaterThan(beforeChunked);
        assertThat(StoredRows.of(dataDir, "events", chunkedId)).hasSize(1);
        assertThat(bytesInFlight()).isZero();
    }

    @Test
    void aClientGoneMidBodyOnTheBufferedPathReleasesItsClaimAndStoresNothing() throws Exception {
        String id = "gone-" + WebhookClient.newDeliveryId();
        double before = blockingTasks();
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-GitHub-Delivery: " + id + "\r\nX-GitHub-Event: ping\r\nX-Hub-Signature-256: sha256=00\r\n"
                    + "Content-Length: 4096\r\n\r\n{\"zen\":\"a").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitInFlight(4096); // admitted, waiting for the rest of the body
        }
        awaitInFlight(0); // the closed connection fails the buffer, and the claim is given back
        assertThat(StoredRows.of(dataDir, "events", id)).isEmpty();
        assertThat(StoredRows.of(dataDir, "failure_events", id)).isEmpty();
        assertThat(blockingTasks()).as("tasks given to the blocking executor").isEqualTo(before);
    }

    /** Polls the in-flight gauge until it shows {@code bytes}, for at most 10 s. */
    private void awaitInFlight(double bytes) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (bytesInFlight() != bytes) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("bytes in flight stayed at " + bytesInFlight() + ", expected " + bytes);
            }
            Thread.sleep(20);
        }
    }
}
