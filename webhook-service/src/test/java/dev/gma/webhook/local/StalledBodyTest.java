package dev.gma.webhook.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A client that sends the headers and 10 bytes of a 1 KB body, then nothing: the server drops the
 * connection after the idle timeout (2 s here; READ_TIMEOUT, 30 s by default) instead of holding it
 * and its in-flight bytes (MAX_BYTES_IN_FLIGHT), and keeps answering other clients. The body declares
 * 1 KB, so it is buffered on the event loop: the closed connection fails the buffer, which gives the
 * claim back.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StalledBodyTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    @Inject MeterRegistry registry;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("gma.webhook.data-dir", Files.createTempDirectory("gma-stalled-test").toString(),
                    "gma.webhook.secret", "s", "micronaut.server.port", "-1", "micronaut.server.idle-timeout", "2s");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStalledBodyLosesItsConnectionWithinTheReadTimeout() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(15_000); // the bound of this test: well past the 2 s under test
            socket.getOutputStream().write(("POST /webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-GitHub-Delivery: stalled-1\r\nX-GitHub-Event: ping\r\nX-Hub-Signature-256: sha256=00\r\n"
                    + "Content-Length: 1024\r\n\r\n{\"zen\":\"a").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    // an answer, if any, before the close; what matters is that the server closes
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server held the stalled connection for more than 15 s", e);
            } catch (IOException reset) {
                // a reset is a close too
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("closed after the read timeout, not before").isBetween(1.5, 10.0);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (registry.get("gma.request.bytes.in.flight").gauge().value() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(registry.get("gma.request.bytes.in.flight").gauge().value()).as("the stalled claim given back").isZero();
        try (Socket other = new Socket(server.getHost(), server.getPort())) {
            other.setSoTimeout(10_000);
            other.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = new String(other.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 200");
        }
    }
}
