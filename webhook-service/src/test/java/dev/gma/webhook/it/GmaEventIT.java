package dev.gma.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.testing.JarProcess;
import dev.gma.testing.LoopbackHttpServer;
import dev.gma.testing.Testdata;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/gma-event} as a pipeline runs it: against the packaged jar (reports stored), against
 * a fake that fails twice (retried with the same id), one that never answers (gives up within its
 * bound) and one that rejects (not retried).
 */
class GmaEventIT {

    private static final Path JAR = Path.of("target", "webhook-service.jar");
    private static final Path SCRIPT = Testdata.root().getParent().resolve("bin").resolve("gma-event");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dataDir;

    private record Run(int exit, String out, String err, Duration took) {}

    @Test
    void aDeploymentAndAnIncidentOpenAndResolveAreStoredByTheRunningJar() throws Exception {
        try (JarProcess service = JarProcess.start(JAR, Map.of("GMA_DATA_DIR", dataDir.toString(),
                "GMA_EVENTS_TOKENS", "old-token,new-token"), List.of())) {
            service.awaitHealthy(Duration.ofSeconds(60));
            Map<String, String> env = Map.of("GMA_EVENTS_URL", service.baseUri() + "/", "GMA_EVENTS_TOKEN", "new-token");

            Run deployment = run(env, "deployment", "--repo", "octo-org/hello-world", "--sha",
                    "6dcb09b5b57875f334f61aebed695e2e4193db5e", "--environment", "production", "--status", "success",
                    "--started-at", "2026-11-29T14:05:00Z", "--id", "gh-run-4711", "--ref", "main", "--service", "api");
            assertThat(deployment.exit()).as(deployment.err()).isZero();
            assertThat(deployment.out()).contains("deployment gh-run-4711 stored");

            Run generated = run(env, "deployment", "--repo", "octo-org/hello-world", "--sha", "abcdef1",
                    "--environment", "staging", "--status", "failure");
            assertThat(generated.exit()).as(generated.err()).isZero();

            Run opened = run(env, "incident", "open", "--id", "INC-7", "--repo", "octo-org/hello-world",
                    "--title", "Checkout \"down\"", "--opened-at", "2026-11-29T14:20:00Z", "--caused-by-sha", "6dcb09b");
            Run resolved = run(env, "incident", "resolve", "--id", "INC-7", "--repo", "octo-org/hello-world",
                    "--opened-at", "2026-11-29T14:20:00Z");
            assertThat(opened.exit()).as(opened.err()).isZero();
            assertThat(resolved.exit()).as(resolved.err()).isZero();

            Run rejected = run(Map.of("GMA_EVENTS_URL", service.baseUri().toString(), "GMA_EVENTS_TOKEN", "third-token"),
                    "incident", "open", "--id", "INC-8", "--service", "api");
            assertThat(rejected.exit()).isEqualTo(3);
            assertThat(rejected.err()).contains("HTTP 401", "unknown bearer token").doesNotContain("third-token");
            assertThat(service.output()).doesNotContain("new-token").doesNotContain("third-token");
        }

        List<JsonNode> rows = rows("SELECT event, action, repository_full_name, organization_name, payload FROM events "
                + "ORDER BY rowid");
        assertThat(rows).extracting(r -> r.get("event").asText() + " " + r.get("action").asText()).containsExactly(
                "custom_deployment success", "custom_deployment failure", "custom_incident opened", "custom_incident resolved");
        JsonNode first = JSON.readTree(rows.get(0).get("payload").asText());
        assertThat(first.get("id").asText()).isEqualTo("gh-run-4711");
        assertThat(first.get("started_at").asText()).isEqualTo("2026-11-29T14:05:00Z");
        assertThat(first.get("ref").asText()).isEqualTo("main");
        assertThat(JSON.readTree(rows.get(1).get("payload").asText()).get("id").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(JSON.readTree(rows.get(2).get("payload").asText()).get("title").asText()).isEqualTo("Checkout \"down\"");
        JsonNode resolve = JSON.readTree(rows.get(3).get("payload").asText());
        assertThat(resolve.get("id").asText()).isEqualTo("INC-7");
        assertThat(resolve.has("resolved_at")).isTrue();
        assertThat(rows.get(3).get("organization_name").asText()).isEqualTo("octo-org");
    }

    @Test
    void withoutTokensLocalModeTakesTheDocumentedDevelopmentTokenAndSaysSoWithoutPrintingIt() throws Exception {
        try (JarProcess service = JarProcess.start(JAR, Map.of("GMA_DATA_DIR", dataDir.toString()), List.of())) {
            service.awaitHealthy(Duration.ofSeconds(60));
            assertThat(service.output()).as("said at start-up, before any report")
                    .contains("GMA_EVENTS_TOKENS is not set").contains("PAGERDUTY_WEBHOOK_SECRETS is not set");
            Run run = run(Map.of("GMA_EVENTS_URL", service.baseUri().toString(), "GMA_EVENTS_TOKEN", "gma-local-token"),
                    "incident", "open", "--id", "INC-1", "--service", "api");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(service.output()).doesNotContain("gma-local-token").doesNotContain("gma-local-pagerduty-secret");
        }
    }

    @Test
    void twoAnswers503ThenA201AreRetriedToSuccessWithTheSameId() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer fake = LoopbackHttpServer.start(exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean fail = calls.incrementAndGet() <= 2;
            byte[] answer = (fail ? "{\"errors\":[\"unavailable\"]}"
                    : "{\"id\":\"x\",\"delivery_id\":\"d-1\",\"outcome\":\"stored\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(fail ? 503 : 201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        }, Executors.newSingleThreadExecutor());
        try {
            Run run = run(fakeEnv(LoopbackHttpServer.baseUri(fake).toString()), "deployment", "--repo", "o/r",
                    "--sha", "abcdef1", "--environment", "production", "--status", "success");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("stored").contains("d-1");
            assertThat(run.err()).contains("attempt 1 of 6 failed (HTTP 503").contains("attempt 2 of 6 failed");
            assertThat(bodies).hasSize(3);
            assertThat(bodies.get(0)).contains("\"id\":\"");
            assertThat(bodies).as("every attempt sends the same report, same id").containsOnly(bodies.get(0));
            assertThat(authorizations).containsOnly("Bearer fake-token");
        } finally {
            fake.stop(0);
        }
    }

    @Test
    void aServerThatNeverAnswersMakesItGiveUpNonZeroWithinItsBound() throws Exception {
        // Listening, never accepting: the kernel completes the handshake, no answer ever comes.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = new HashMap<>(fakeEnv("http://127.0.0.1:" + silent.getLocalPort()));
            env.put("GMA_EVENTS_MAX_TIME", "4");
            env.put("GMA_EVENTS_TIMEOUT", "2");
            Run run = run(env, "incident", "open", "--id", "INC-9", "--service", "api");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("gave up on the incident open INC-9").contains("--id INC-9");
            assertThat(run.took()).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void nothingListeningIsRetriedUpToTheAttemptBound() throws Exception {
        Map<String, String> env = new HashMap<>(fakeEnv("http://127.0.0.1:" + JarProcess.freePort()));
        env.put("GMA_EVENTS_MAX_ATTEMPTS", "3");
        Run run = run(env, "deployment", "--repo", "o/r", "--sha", "abcdef1", "--environment", "e", "--status", "success");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("after 3 attempt(s)");
    }

    @Test
    void aRejectionIsNotRetriedAndItsErrorsArePrinted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer fake = LoopbackHttpServer.start(exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"errors\":[\"'sha' must be 7 to 64 hexadecimal characters\"]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        }, Executors.newSingleThreadExecutor());
        try {
            Run run = run(fakeEnv(LoopbackHttpServer.baseUri(fake).toString()), "deployment", "--repo", "o/r",
                    "--sha", "abcdef1", "--environment", "e", "--status", "success");
            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.err()).contains("HTTP 400", "'sha' must be 7 to 64 hexadecimal characters");
            assertThat(calls.get()).isEqualTo(1);
        } finally {
            fake.stop(0);
        }
    }

    private static Map<String, String> fakeEnv(String url) {
        return Map.of("GMA_EVENTS_URL", url, "GMA_EVENTS_TOKEN", "fake-token", "GMA_EVENTS_RETRY_DELAY_MS", "100");
    }

    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("gma-event", ".out");
        Path err = Files.createTempFile("gma-event", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("GMA_"));
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process process = pb.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("gma-event still running after 60 s: " + Files.readString(err));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err), took);
    }

    private List<JsonNode> rows(String sql) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        try (Connection c = SqliteDatabase.openInDataDir(dataDir).connect();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                rows.add(JSON.valueToTree(row));
            }
        }
        return rows;
    }
}
