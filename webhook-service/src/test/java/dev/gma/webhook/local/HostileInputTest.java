package dev.gma.webhook.local;

import dev.gma.testing.TempDirectories;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.testing.Testdata;
import dev.gma.webhook.WebhookClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and broken requests against the real server: every answer is the JSON error contract,
 * the framework's own included, and nothing reaches the store.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest implements TestPropertyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path dataDir;

    @Inject EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        dataDir = TempDirectories.create("gma-hostile-test");
        return Map.of("gma.webhook.data-dir", dataDir.toString(), "gma.webhook.secret", "s", "micronaut.server.port", "-1");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJsonErrors(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("errors").isArray()).as(response.body()).isTrue();
        assertThat(body.path("errors")).isNotEmpty();
        assertThat(body.size()).as("only the errors field").isEqualTo(1);
    }

    @Test
    void anUnknownPathIsA404InTheErrorContract() throws Exception {
        assertJsonErrors(send(HttpRequest.newBuilder(server.getURI().resolve("/no-such-path")).GET()), 404);
        assertJsonErrors(send(HttpRequest.newBuilder(server.getURI().resolve("/no-such-path"))
                .header("Accept", "text/html").GET()), 404);
    }

    @Test
    void aWrongMethodIsA405InTheErrorContract() throws Exception {
        assertJsonErrors(send(HttpRequest.newBuilder(server.getURI().resolve("/webhook")).GET()), 405);
    }

    @Test
    void aHugeOrMalformedDeliveryIdNeverReachesTheStore() throws Exception {
        byte[] body = Testdata.bytes("ping.json");
        WebhookClient client = new WebhookClient(server.getURI(), "s");
        int before = countEvents();
        assertJsonErrors(client.deliver("a".repeat(10_240), "ping", body), 431); // refused with the headers
        HttpResponse<String> tooLong = client.deliver("a".repeat(200), "ping", body);
        assertJsonErrors(tooLong, 400);
        assertThat(tooLong.body()).contains("X-GitHub-Delivery");
        assertJsonErrors(client.deliver("../../etc/passwd", "ping", body), 400);
        assertJsonErrors(client.deliver(WebhookClient.newDeliveryId(), "Ping<script>", body), 400);
        assertThat(countEvents()).isEqualTo(before);
        assertThat(client.deliver(WebhookClient.newDeliveryId(), "ping", body).statusCode()).isEqualTo(201);
        assertThat(countEvents()).isEqualTo(before + 1);
    }

    @Test
    void oversizedHeadersGetAnErrorAnswerNotAHang() throws Exception {
        int before = countEvents();
        int status;
        String answer;
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-Padding: " + "x".repeat(20_480) + "\r\nContent-Length: 2\r\n\r\n{}";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String statusLine = reader.readLine();
            status = Integer.parseInt(statusLine.split(" ")[1]);
            StringBuilder rest = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rest.append(line).append('\n');
            }
            answer = rest.toString();
        }
        assertThat(status).isEqualTo(431);
        assertThat(answer).contains("{\"errors\":[\"request headers too large\"]}");
        assertThat(countEvents()).isEqualTo(before);
    }

    /**
     * A client that announces 27 MB and keeps writing: the 413 is decided from Content-Length, and
     * the connection is closed after it, so the client sees the answer at once instead of writing
     * into a connection nobody reads until the idle timeout.
     */
    @Test
    void anEarly413ClosesTheConnection() throws Exception {
        long start = System.nanoTime();
        StringBuilder answer = new StringBuilder();
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-GitHub-Delivery: big-1\r\nX-GitHub-Event: issues\r\nX-Hub-Signature-256: sha256=00\r\n"
                    + "Content-Length: 28311552\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try {
                for (int i = 0; i < 432; i++) { // the whole 27 MB at most: bounded
                    out.write(chunk);
                }
            } catch (IOException closedByTheServer) {
                // expected: the server closed after answering
            }
            java.io.InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                answer.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
        } catch (java.net.SocketException reset) {
            // a reset after the answer is a close too
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(answer.toString()).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
        assertThat(seconds).as("answer and close within a few seconds, not the idle timeout").isLessThan(8.0);
    }

    private int countEvents() throws Exception {
        try (Connection c = SqliteDatabase.open(dataDir.resolve("gma.db")).connect();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
