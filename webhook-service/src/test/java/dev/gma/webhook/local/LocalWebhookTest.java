package dev.gma.webhook.local;

import dev.gma.testing.TempDirectories;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.testing.StoredRows;
import dev.gma.testing.Testdata;
import dev.gma.webhook.WebhookClient;
import dev.gma.webhook.domain.SignatureVerifier;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The webhook service in local mode, through its real HTTP server, down to rows in SQLite. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalWebhookTest implements TestPropertyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ENRICHMENT = {"event", "action", "installation_id", "enterprise_id",
        "enterprise_name", "organization_id", "organization_name", "repository_id", "repository_full_name",
        "sender_login"};

    private Path dataDir;

    @Inject EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        dataDir = TempDirectories.create("gma-webhook-test");
        return Map.of("gma.webhook.data-dir", dataDir.toString(),
                "gma.webhook.secret", "old-secret,new-secret",
                "micronaut.server.port", "-1");
    }

    private WebhookClient client(String secret) {
        return new WebhookClient(server.getURI(), secret);
    }

    @Test
    void everyTestdataPayloadIsStoredOnceWithItsEnrichment() throws Exception {
        JsonNode expected = JSON.readTree(Testdata.file("expected/enrichment.json").toFile());
        List<Path> payloads = Testdata.webhookPayloads();
        assertThat(payloads).hasSizeGreaterThanOrEqualTo(13);
        for (Path payload : payloads) {
            String id = WebhookClient.newDeliveryId();
            HttpResponse<String> response = client("new-secret").deliver(id, Testdata.eventOf(payload),
                    Files.readAllBytes(payload));
            assertThat(response.statusCode()).as(payload.getFileName() + ": " + response.body()).isEqualTo(201);

            List<Map<String, Object>> rows = rows("events", id);
            assertThat(rows).as(payload.getFileName().toString()).hasSize(1);
            JsonNode want = expected.get(payload.getFileName().toString());
            assertThat(want).as("expected enrichment for " + payload.getFileName()).isNotNull();
            for (String column : ENRICHMENT) {
                assertThat(asText(rows.get(0).get(column))).as(payload.getFileName() + " " + column)
                        .isEqualTo(want.get(column).isNull() ? null : want.get(column).asText());
            }
            assertThat(rows.get(0).get("payload")).isEqualTo(Files.readString(payload));
        }
    }

    @Test
    void secretRotationAcceptsOldAndNewSecretAndRejectsAThird() throws Exception {
        byte[] body = Testdata.bytes("ping.json");
        assertThat(client("old-secret").deliver(WebhookClient.newDeliveryId(), "ping", body).statusCode()).isEqualTo(201);
        assertThat(client("new-secret").deliver(WebhookClient.newDeliveryId(), "ping", body).statusCode()).isEqualTo(201);
        String rejected = WebhookClient.newDeliveryId();
        HttpResponse<String> third = client("third-secret").deliver(rejected, "ping", body);
        assertThat(third.statusCode()).isEqualTo(401);
        assertThat(rows("events", rejected)).isEmpty();
    }

    @Test
    void formEncodedDeliveryIsVerifiedOverTheRawFormAndStoredAsItsJsonPayload() throws Exception {
        String json = Files.readString(Testdata.file("issues.opened.json"));
        byte[] form = ("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        String id = WebhookClient.newDeliveryId();
        WebhookClient client = client("new-secret");
        HttpResponse<String> response = client.send(client.request(id, "issues", "application/x-www-form-urlencoded")
                .header("X-Hub-Signature-256", SignatureVerifier.sign("new-secret", form)), form);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(rows("events", id)).singleElement()
                .satisfies(row -> assertThat(row.get("payload")).isEqualTo(json))
                .satisfies(row -> assertThat(row.get("action")).isEqualTo("opened"));
    }

    @Test
    void aDeliveryJustUnderTheLimitIsKeptWholeAsAFileTheRowPointsTo() throws Exception {
        String prefix = "{\"action\":\"edited\",\"sender\":{\"login\":\"octocat\"},\"body\":\"";
        byte[] body = new byte[26_214_400];
        java.util.Arrays.fill(body, (byte) 'a');
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, body, 0, head.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        String id = WebhookClient.newDeliveryId();

        assertThat(client("new-secret").deliver(id, "issues", body).statusCode()).isEqualTo(201);
        Map<String, Object> row = rows("events", id).get(0);
        assertThat(row.get("payload")).isNull();
        assertThat(row.get("action")).isEqualTo("edited");
        assertThat(Files.readAllBytes(Path.of(java.net.URI.create((String) row.get("payload_uri"))))).isEqualTo(body);
        assertThat(dataDir.resolve("spool").toFile().list()).as("no spilled body left behind").isEmpty();
    }

    @Test
    void aPayloadUnderTheInlineLimitIsStoredAsText() throws Exception {
        byte[] body = Testdata.bytes("pull_request.opened.json");
        String id = WebhookClient.newDeliveryId();
        assertThat(client("new-secret").deliver(id, "pull_request", body).statusCode()).isEqualTo(201);
        try (Connection c = SqliteDatabase.openInDataDir(dataDir).connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT typeof(payload), json_extract(payload, '$.pull_request.number') FROM events WHERE delivery_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("text");
                assertThat(rs.getInt(2)).isEqualTo(42);
            }
        }
    }

    @Test
    void hookIdHeaderIsStored() throws Exception {
        byte[] body = Testdata.bytes("ping.json");
        String id = WebhookClient.newDeliveryId();
        WebhookClient client = client("new-secret");
        client.send(client.request(id, "ping", "application/json").header("X-GitHub-Hook-ID", "123456")
                .header("X-Hub-Signature-256", SignatureVerifier.sign("new-secret", body)), body);
        assertThat(rows("events", id)).singleElement().satisfies(row -> assertThat(row.get("hook_id")).isEqualTo(123456));
    }

    @Test
    void everyErrorClassOfTheContractGetsItsStatusAJsonErrorAndNoRow() throws Exception {
        WebhookClient c = client("new-secret");
        byte[] ok = Testdata.bytes("issues.opened.json");
        byte[] notJson = "this is not json".getBytes(StandardCharsets.UTF_8);
        byte[] array = "[{\"action\":\"opened\"}]".getBytes(StandardCharsets.UTF_8);
        List<Rejection> cases = List.of(
                new Rejection("no delivery header", 400, id -> c.request(null, "issues", JSON_TYPE).header(SIGNATURE, sign(ok)), ok),
                new Rejection("no event header", 400, id -> c.request(id, null, JSON_TYPE).header(SIGNATURE, sign(ok)), ok),
                new Rejection("empty body", 400, id -> c.request(id, "issues", JSON_TYPE).header(SIGNATURE, sign(new byte[0])), new byte[0]),
                new Rejection("signed non-JSON body", 400, id -> c.request(id, "issues", JSON_TYPE).header(SIGNATURE, sign(notJson)), notJson),
                new Rejection("signed JSON array", 400, id -> c.request(id, "issues", JSON_TYPE).header(SIGNATURE, sign(array)), array),
                new Rejection("no signature", 401, id -> c.request(id, "issues", JSON_TYPE), ok),
                new Rejection("wrong signature", 401, id -> c.request(id, "issues", JSON_TYPE).header(SIGNATURE, sign(notJson)), ok),
                new Rejection("xml content type", 415, id -> c.request(id, "issues", "application/xml").header(SIGNATURE, sign(ok)), ok),
                new Rejection("no content type", 415, id -> c.request(id, "issues", null).header(SIGNATURE, sign(ok)), ok));
        long before = count("events");
        for (Rejection r : cases) {
            String id = WebhookClient.newDeliveryId();
            HttpResponse<String> response = c.send(r.request().apply(id), r.body());
            assertThat(response.statusCode()).as(r.name()).isEqualTo(r.status());
            assertThat(JSON.readTree(response.body()).get("errors").get(0).asText()).as(r.name()).isNotBlank();
            assertThat(rows("events", id)).as(r.name()).isEmpty();
        }
        assertThat(count("events")).as("rows stored by rejected deliveries").isEqualTo(before);
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedFromItsHeadersWithoutSendingIt() throws Exception {
        String id = WebhookClient.newDeliveryId();
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-GitHub-Delivery: " + id + "\r\nX-GitHub-Event: issues\r\nX-Hub-Signature-256: sha256=00\r\n"
                    + "Content-Length: 26214401\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader reader = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(reader.readLine()).startsWith("HTTP/1.1 413");
        }
        assertThat(rows("events", id)).isEmpty();
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsRefusedAndLeavesNothingBehind() throws Exception {
        String id = WebhookClient.newDeliveryId();
        String status;
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-GitHub-Delivery: " + id + "\r\nX-GitHub-Event: issues\r\nX-Hub-Signature-256: sha256=00\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) ' ');
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 30; i++) { // 30 MiB at most: past the 25 MiB limit, bounded
                    out.write(size);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedByTheServer) {
                // the server may answer and close before the body ends; its answer is still readable
            }
            status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
        assertThat(status).startsWith("HTTP/1.1 413");
        assertThat(rows("events", id)).isEmpty();
        Path spool = dataDir.resolve("spool");
        if (Files.exists(spool)) {
            try (var left = Files.list(spool)) {
                assertThat(left).as("spilled body deleted").isEmpty();
            }
        }
    }

    private static final String JSON_TYPE = "application/json";
    private static final String SIGNATURE = "X-Hub-Signature-256";

    private record Rejection(String name, int status, Function<String, HttpRequest.Builder> request, byte[] body) {}

    private static String sign(byte[] body) {
        return SignatureVerifier.sign("new-secret", body);
    }

    private List<Map<String, Object>> rows(String table, String deliveryId) throws SQLException {
        return StoredRows.of(dataDir, table, deliveryId);
    }

    private long count(String tableAndWhere) throws SQLException {
        try (Connection c = SqliteDatabase.openInDataDir(dataDir).connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + tableAndWhere)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String asText(Object value) {
        return value == null ? null : value.toString();
    }
}
