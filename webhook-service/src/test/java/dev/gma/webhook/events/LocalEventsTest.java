package dev.gma.webhook.events;

import dev.gma.testing.TempDirectories;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.testing.StoredRows;
import dev.gma.testing.Testdata;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /events/*} in local mode through the real HTTP server, down to rows in SQLite: the
 * storage contract the analytics read (docs/events.md), every error class, token rotation,
 * dedupe, and PagerDuty signatures under a rotation of two secrets.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalEventsTest implements TestPropertyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "new-token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path dataDir;

    @Inject EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        dataDir = TempDirectories.create("gma-events-test");
        return Map.of("gma.webhook.data-dir", dataDir.toString(),
                "gma.events.tokens", "old-token, new-token",
                "gma.events.pagerduty-secrets", "pd-old,pd-new",
                "micronaut.server.port", "-1");
    }

    // ---- the storage contract ------------------------------------------------------------------

    @Test
    void aDeploymentIsStoredAsACustomDeploymentEventWithTheContractColumns() throws Exception {
        byte[] body = Testdata.bytes("events/deployment.json");
        HttpResponse<String> response = post("/events/deployments", TOKEN, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String deliveryId = UUID.nameUUIDFromBytes("custom_deployment:argo-hello-world-prod-20261129-1405"
                .getBytes(StandardCharsets.UTF_8)).toString();
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("id").asText()).isEqualTo("argo-hello-world-prod-20261129-1405");
        assertThat(answer.get("delivery_id").asText()).isEqualTo(deliveryId);
        assertThat(answer.get("outcome").asText()).isEqualTo("stored");
        assertThat(answer.has("errors")).isFalse();

        Map<String, Object> row = single(deliveryId);
        assertThat(row).containsEntry("event", "custom_deployment").containsEntry("action", "success")
                .containsEntry("repository_full_name", "octo-org/hello-world")
                .containsEntry("organization_name", "octo-org")
                .containsEntry("payload", new String(body, StandardCharsets.UTF_8));
        for (String nullColumn : List.of("sender_login", "installation_id", "hook_id", "enterprise_id",
                "enterprise_name", "organization_id", "repository_id", "payload_uri", "signature")) {
            assertThat(row.get(nullColumn)).as(nullColumn).isNull();
        }
        assertThat(row.get("received")).isNotNull();
    }

    @Test
    void aFailedDeploymentIsStoredWithActionFailure() throws Exception {
        HttpResponse<String> response = post("/events/deployments", TOKEN, Testdata.bytes("events/deployment.failure.json"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(single(JSON.readTree(response.body()).get("delivery_id").asText()))
                .containsEntry("action", "failure").containsEntry("event", "custom_deployment");
    }

    @Test
    void anIncidentOpenAndItsResolveAreTwoDeliveriesOfTheSameId() throws Exception {
        HttpResponse<String> opened = post("/events/incidents", TOKEN, Testdata.bytes("events/incident.opened.json"));
        HttpResponse<String> resolved = post("/events/incidents", TOKEN, Testdata.bytes("events/incident.resolved.json"));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(201);

        String openedId = UUID.nameUUIDFromBytes("custom_incident:INC-2041:opened".getBytes(StandardCharsets.UTF_8)).toString();
        String resolvedId = UUID.nameUUIDFromBytes("custom_incident:INC-2041:resolved".getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(JSON.readTree(opened.body()).get("delivery_id").asText()).isEqualTo(openedId);
        assertThat(JSON.readTree(resolved.body()).get("delivery_id").asText()).isEqualTo(resolvedId);
        assertThat(JSON.readTree(resolved.body()).get("id").asText()).isEqualTo("INC-2041");
        assertThat(single(openedId)).containsEntry("event", "custom_incident").containsEntry("action", "opened")
                .containsEntry("repository_full_name", "octo-org/hello-world").containsEntry("organization_name", "octo-org");
        assertThat(single(resolvedId)).containsEntry("event", "custom_incident").containsEntry("action", "resolved")
                .containsEntry("payload", Files.readString(Testdata.file("events/incident.resolved.json")));
    }

    @Test
    void anIncidentOfAServiceWithoutRepositoryHasNoRepositoryColumns() throws Exception {
        HttpResponse<String> response = post("/events/incidents", TOKEN, Testdata.bytes("events/incident.service-only.json"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Map<String, Object> row = single(JSON.readTree(response.body()).get("delivery_id").asText());
        assertThat(row).containsEntry("action", "opened");
        assertThat(row.get("repository_full_name")).isNull();
        assertThat(row.get("organization_name")).isNull();
    }

    @Test
    void aReportSentTwiceIsOneRowInEventsUnique() throws Exception {
        ObjectNode report = (ObjectNode) JSON.readTree(Testdata.bytes("events/deployment.json"));
        report.put("id", "twice-" + UUID.randomUUID());
        byte[] body = JSON.writeValueAsBytes(report);
        HttpResponse<String> first = post("/events/deployments", TOKEN, body);
        HttpResponse<String> second = post("/events/deployments", "old-token", body);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        String deliveryId = JSON.readTree(first.body()).get("delivery_id").asText();
        assertThat(JSON.readTree(second.body()).get("delivery_id").asText()).isEqualTo(deliveryId);
        assertThat(rows("events", deliveryId)).hasSize(2);
        assertThat(rows("events_unique", deliveryId)).hasSize(1);
    }

    // ---- authentication ------------------------------------------------------------------------

    @Test
    void tokenRotationAcceptsTheOldAndTheNewTokenAndRejectsAThird() throws Exception {
        for (String token : List.of("old-token", "new-token")) {
            String id = "rotation-" + token + "-" + UUID.randomUUID();
            HttpResponse<String> response = post("/events/deployments", token, deployment(id));
            assertThat(response.statusCode()).as(token + ": " + response.body()).isEqualTo(201);
            assertThat(rows("events", deploymentDeliveryId(id))).as(token).hasSize(1);
        }
        String id = "rotation-third-" + UUID.randomUUID();
        HttpResponse<String> third = post("/events/deployments", "third-token", deployment(id));
        assertThat(third.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(third.body()).get("errors").get(0).asText()).isEqualTo("unknown bearer token");
        assertThat(third.body()).doesNotContain("third-token");
        assertThat(rows("events", deploymentDeliveryId(id))).isEmpty();
    }

    @Test
    void aPagerDutyDeliverySignedWithEitherSecretIsStoredAndAWrongSignatureIsRefused() throws Exception {
        byte[] triggered = Testdata.bytes("events/pagerduty.incident.triggered.json");
        byte[] resolved = Testdata.bytes("events/pagerduty.incident.resolved.json");

        HttpResponse<String> first = pagerDuty(triggered, PagerDutySignature.sign("pd-new", triggered));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String triggeredId = UUID.nameUUIDFromBytes("pagerduty:01DFRA4S2M1C3AFW2KT8H3XZGQ".getBytes(StandardCharsets.UTF_8)).toString();
        JsonNode answer = JSON.readTree(first.body());
        assertThat(answer.get("id").asText()).isEqualTo("01DFRA4S2M1C3AFW2KT8H3XZGQ");
        assertThat(answer.get("delivery_id").asText()).isEqualTo(triggeredId);
        Map<String, Object> row = single(triggeredId);
        assertThat(row).containsEntry("event", "pagerduty").containsEntry("action", "incident.triggered")
                .containsEntry("payload", new String(triggered, StandardCharsets.UTF_8));
        assertThat(row.get("repository_full_name")).isNull();
        assertThat(row.get("organization_name")).isNull();

        // during PagerDuty's own rotation it sends several v1 signatures; one matching is enough
        String rotating = PagerDutySignature.sign("not-ours", resolved) + "," + PagerDutySignature.sign("pd-old", resolved);
        HttpResponse<String> second = pagerDuty(resolved, rotating);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(single(JSON.readTree(second.body()).get("delivery_id").asText()))
                .containsEntry("action", "incident.resolved");

        ObjectNode other = (ObjectNode) JSON.readTree(triggered);
        ((ObjectNode) other.get("event")).put("id", "wrong-signature-" + UUID.randomUUID());
        byte[] body = JSON.writeValueAsBytes(other);
        HttpResponse<String> wrong = pagerDuty(body, PagerDutySignature.sign("pd-third", body));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("errors").get(0).asText()).contains("X-PagerDuty-Signature");
        assertThat(rows("events", Report.pagerDutyDeliveryId(other.get("event").get("id").asText()))).isEmpty();
    }

    // ---- every error class -----------------------------------------------------------------------

    private record Rejection(String name, String path, int status, HttpRequest.Builder request, byte[] body,
                             List<String> errorsMention) {}

    @Test
    void everyErrorClassGetsItsStatusAJsonErrorNamingTheProblemAndNoRow() throws Exception {
        byte[] ok = deployment("error-class-" + UUID.randomUUID());
        byte[] okIncident = Testdata.bytes("events/incident.service-only.json");
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        byte[] pd = Testdata.bytes("events/pagerduty.incident.triggered.json");
        byte[] pdNoId = "{\"event\":{\"event_type\":\"incident.triggered\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] pdNoEvent = "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        String d = "/events/deployments";
        String i = "/events/incidents";
        String p = "/events/pagerduty";
        List<Rejection> cases = List.of(
                new Rejection("no Authorization", d, 401, request(d, null, "application/json"), ok, List.of("missing bearer token")),
                new Rejection("Basic scheme", d, 401, request(d, null, "application/json")
                        .header("Authorization", "Basic bmV3LXRva2Vu"), ok, List.of("missing bearer token")),
                new Rejection("unknown token", d, 401, request(d, "guess", "application/json"), ok, List.of("unknown bearer token")),
                new Rejection("unknown token (incident)", i, 401, request(i, "guess", "application/json"), okIncident, List.of("unknown")),
                new Rejection("xml", d, 415, request(d, TOKEN, "application/xml"), ok, List.of("application/json")),
                new Rejection("no content type", i, 415, request(i, TOKEN, null), okIncident, List.of("content type")),
                new Rejection("over 1 MiB", d, 413, request(d, TOKEN, "application/json"), big, List.of("exceeds")),
                new Rejection("empty body", d, 400, request(d, TOKEN, "application/json"), new byte[0], List.of("empty")),
                new Rejection("not JSON", d, 400, request(d, TOKEN, "application/json"), bytes("id=1"), List.of("not valid JSON")),
                new Rejection("array", d, 400, request(d, TOKEN, "application/json"), bytes("[{}]"), List.of("one JSON object")),
                new Rejection("key twice", d, 400, request(d, TOKEN, "application/json"),
                        bytes("{\"id\":\"a\",\"id\":\"b\"}"), List.of("Duplicate field 'id'")),
                new Rejection("every field missing", d, 400, request(d, TOKEN, "application/json"), bytes("{}"),
                        List.of("'id'", "'repository'", "'environment'", "'sha'", "'status'", "'started_at'", "'finished_at'")),
                new Rejection("every field invalid", d, 400, request(d, TOKEN, "application/json"), bytes("{\"id\":\""
                        + "x".repeat(201) + "\",\"repository\":\"hello-world\",\"environment\":\"\",\"sha\":\"xyz\","
                        + "\"status\":\"ok\",\"started_at\":\"yesterday\",\"finished_at\":12,\"url\":\"ftp://x\",\"ref\":[]}"),
                        List.of("'id' must be at most 200", "'repository' must be \"owner/name\"", "'environment' must not be empty",
                                "'sha' must be 7 to 64 hexadecimal", "'status' must be \"success\" or \"failure\"",
                                "'started_at' must be an RFC 3339", "'finished_at' must be a string", "'url' must be an http(s) URL",
                                "'ref' must be a string")),
                new Rejection("finished before started", d, 400, request(d, TOKEN, "application/json"),
                        withField(ok, "finished_at", "2026-11-29T14:04:59Z"), List.of("'finished_at' must not be before 'started_at'")),
                new Rejection("incident without repository or service", i, 400, request(i, TOKEN, "application/json"),
                        bytes("{\"id\":\"INC-1\",\"title\":\"t\",\"opened_at\":\"2026-11-29T14:00:00Z\"}"),
                        List.of("'repository' or 'service'")),
                new Rejection("incident missing fields", i, 400, request(i, TOKEN, "application/json"),
                        bytes("{\"service\":\"api\"}"), List.of("'id'", "'title'", "'opened_at'")),
                new Rejection("incident resolved before opened", i, 400, request(i, TOKEN, "application/json"),
                        withField(okIncident, "resolved_at", "2026-11-29T17:59:59Z"),
                        List.of("'resolved_at' must not be before 'opened_at'")),
                new Rejection("incident bad caused_by_sha", i, 400, request(i, TOKEN, "application/json"),
                        withField(okIncident, "caused_by_sha", "HEAD"), List.of("'caused_by_sha' must be 7 to 64 hexadecimal")),
                new Rejection("PagerDuty unsigned", p, 401, request(p, null, "application/json"), pd, List.of("missing X-PagerDuty-Signature")),
                new Rejection("PagerDuty wrong signature", p, 401, request(p, null, "application/json")
                        .header("X-PagerDuty-Signature", PagerDutySignature.sign("pd-new", ok)), pd, List.of("does not match")),
                new Rejection("PagerDuty xml", p, 415, request(p, null, "text/xml")
                        .header("X-PagerDuty-Signature", PagerDutySignature.sign("pd-new", pd)), pd, List.of("application/json")),
                new Rejection("PagerDuty without event.id", p, 400, request(p, null, "application/json")
                        .header("X-PagerDuty-Signature", PagerDutySignature.sign("pd-new", pdNoId)), pdNoId, List.of("'event.id'")),
                new Rejection("PagerDuty without event", p, 400, request(p, null, "application/json")
                        .header("X-PagerDuty-Signature", PagerDutySignature.sign("pd-new", pdNoEvent)), pdNoEvent, List.of("'event'")));

        long before = count();
        for (Rejection r : cases) {
            HttpResponse<String> response = send(r.request(), r.body());
            assertThat(response.statusCode()).as(r.name() + ": " + response.body()).isEqualTo(r.status());
            assertThat(response.headers().firstValue("Content-Type")).as(r.name()).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode errors = JSON.readTree(response.body()).get("errors");
            assertThat(errors).as(r.name()).isNotNull();
            assertThat(errors.get(0).asText()).as(r.name()).isNotBlank();
            List<String> texts = new ArrayList<>();
            errors.forEach(e -> texts.add(e.asText()));
            for (String mention : r.errorsMention()) {
                assertThat(String.join("\n", texts)).as(r.name()).contains(mention);
            }
            assertThat(response.body()).as(r.name()).doesNotContain("delivery_id");
        }
        assertThat(count()).as("rows stored by rejected reports").isEqualTo(before);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpRequest request = request("/events/deployments", TOKEN, "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("errors").get(0).asText()).contains("1048576");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static String deploymentDeliveryId(String id) {
        return UUID.nameUUIDFromBytes(("custom_deployment:" + id).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static byte[] deployment(String id) throws IOException {
        return withField(Testdata.bytes("events/deployment.json"), "id", id);
    }

    private static byte[] withField(byte[] json, String field, String value) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(json);
        node.put(field, value);
        return JSON.writeValueAsBytes(node);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path, String token, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.getURI().resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b;
    }

    private HttpResponse<String> post(String path, String token, byte[] body) throws Exception {
        return send(request(path, token, "application/json"), body);
    }

    private HttpResponse<String> pagerDuty(byte[] body, String signature) throws Exception {
        return send(request("/events/pagerduty", null, "application/json").header("X-PagerDuty-Signature", signature), body);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, byte[] body) throws Exception {
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> single(String deliveryId) throws SQLException {
        List<Map<String, Object>> rows = rows("events", deliveryId);
        assertThat(rows).as("rows of " + deliveryId).hasSize(1);
        return rows.get(0);
    }

    private List<Map<String, Object>> rows(String table, String deliveryId) throws SQLException {
        return StoredRows.of(dataDir, table, deliveryId);
    }

    private long count() throws SQLException {
        try (Connection c = SqliteDatabase.openInDataDir(dataDir).connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
