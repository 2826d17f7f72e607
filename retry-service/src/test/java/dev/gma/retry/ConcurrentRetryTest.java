package dev.gma.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gma.github.DeliveriesJson;
import dev.gma.github.TestKeys;
import dev.gma.testing.LoopbackHttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Ten Cloud Scheduler triggers through the real HTTP server while one run holds the lease: one
 * run works, nine see the lease. The holder is held on a latch inside its GitHub call (no timing
 * assumption), and every request has a timeout.
 */
class ConcurrentRetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final CountDownLatch holderInside = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean firstPage = new AtomicBoolean(true);
    private final List<String> redeliveries = new CopyOnWriteArrayList<>();

    /** GitHub: the first listing waits until the test releases it; redeliveries are accepted. */
    private void github(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && path.equals("/app/hook/deliveries")) {
                if (firstPage.getAndSet(false)) {
                    holderInside.countDown();
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        exchange.sendResponseHeaders(500, -1);
                        return;
                    }
                }
                byte[] page = new DeliveriesJson().add(12, "g-1", 500).add(11, "g-2", 500).toString()
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            } else if (exchange.getRequestMethod().equals("POST") && path.matches("/app/hook/deliveries/\\d+/attempts")) {
                redeliveries.add(path);
                exchange.sendResponseHeaders(202, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void whileOneRunHoldsTheLeaseNineTriggersSeeItAndTheLeaseIsReleasedAfterwards() throws Exception {
        ExecutorService fakeThreads = Executors.newCachedThreadPool();
        HttpServer github = LoopbackHttpServer.start(this::github, fakeThreads);
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "gma.retry.data-dir", Files.createTempDirectory("gma-retry").toString(),
                "gma.retry.app-id", "42",
                "gma.retry.private-key", TestKeys.pkcs1Pem(),
                "gma.retry.api-base-url", LoopbackHttpServer.baseUri(github).toString()))) {
            URI retry = context.getBean(EmbeddedServer.class).start().getURI().resolve("/retry");
            HttpClient http = HttpClient.newHttpClient();

            CompletableFuture<HttpResponse<String>> holder = trigger(http, retry);
            assertThat(holderInside.await(30, TimeUnit.SECONDS)).as("the first run reached GitHub holding the lease").isTrue();

            List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                others.add(trigger(http, retry));
            }
            for (CompletableFuture<HttpResponse<String>> other : others) {
                JsonNode summary = summary(other.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                assertThat(summary.get("lock").asText()).isEqualTo("held");
                assertThat(summary.get("pages").asInt()).isZero();
            }
            assertThat(holder).as("the holder is still waiting on GitHub").isNotDone();

            release.countDown();
            JsonNode held = summary(holder.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            assertThat(held.get("lock").asText()).isEqualTo("taken");
            assertThat(held.get("redelivered").asInt()).isEqualTo(2);
            assertThat(held.has("checkpoint_before")).as("null fields are listed too: " + held).isTrue();
            assertThat(held.get("errors").isArray()).isTrue();
            assertThat(redeliveries).containsExactlyInAnyOrder("/app/hook/deliveries/12/attempts",
                    "/app/hook/deliveries/11/attempts");

            JsonNode after = summary(trigger(http, retry).get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            assertThat(after.get("lock").asText()).as("released after the run").isEqualTo("taken");
            assertThat(after.get("redelivered").asInt()).as("nothing new since the checkpoint").isZero();
        } finally {
            release.countDown();
            github.stop(0);
            fakeThreads.shutdownNow();
        }
    }

    private static CompletableFuture<HttpResponse<String>> trigger(HttpClient http, URI retry) {
        return http.sendAsync(HttpRequest.newBuilder(retry).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode summary(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
