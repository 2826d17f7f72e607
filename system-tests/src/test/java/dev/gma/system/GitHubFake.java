package dev.gma.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gma.github.TestKeys;
import dev.gma.testing.Await;
import dev.gma.testing.LoopbackHttpServer;
import io.jsonwebtoken.Claims;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub, as far as the webhook and retry services can tell: it sends signed deliveries to the
 * webhook and records each answer as GitHub does (a 2xx is a success, anything else, a refused
 * connection or no answer within the timeout is a failed delivery), and it serves the App's
 * {@code GET /app/hook/deliveries} (newest first, {@code Link} cursor pagination) and
 * {@code POST /app/hook/deliveries/{id}/attempts} (202, then the same GUID is re-sent as a new
 * delivery with a new id and {@code redelivery: true}). The App JWT of every API call is verified
 * against {@link TestKeys}. Everything listens on and talks to loopback only.
 */
final class GitHubFake implements AutoCloseable {

    /** GitHub gives up on a webhook after 10 seconds. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);
    static final long APP_ID = 424242;
    private static final long FIRST_DELIVERY_ID = 12_000_000_001L;
    private static final int MAX_PER_PAGE = 100;
    private static final Pattern ATTEMPTS = Pattern.compile("/app/hook/deliveries/(\\d+)/attempts");
    private static final Pattern ONE = Pattern.compile("/app/hook/deliveries/(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A payload to deliver: the X-GitHub-Event, the action (null for events without one) and the body. */
    record Payload(String event, String action, byte[] body) {}

    /** One attempt to deliver one event, as GitHub lists it. */
    record Delivery(long id, String guid, Payload payload, boolean redelivery, Instant deliveredAt,
                    double duration, int statusCode, String status) {
        boolean succeeded() {
            return statusCode >= 200 && statusCode < 300;
        }
    }

    private HttpServer server; // set once by start()
    private final ExecutorService serverThreads = Executors.newFixedThreadPool(4);
    private final ExecutorService redeliverer = Executors.newFixedThreadPool(8);
    private final HttpClient webhookClient = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String secret;
    private final WebhookTarget target = new WebhookTarget();

    private final Object lock = new Object();
    private final NavigableMap<Long, Delivery> deliveries = new TreeMap<>(); // guarded by lock
    private long nextId = FIRST_DELIVERY_ID; // guarded by lock

    private final Map<String, Payload> payloads = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> redeliveryRequests = new ConcurrentHashMap<>();
    private final AtomicInteger pendingRedeliveries = new AtomicInteger();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final List<String> apiErrors = new CopyOnWriteArrayList<>();

    private GitHubFake(String secret) {
        this.secret = secret;
    }

    static GitHubFake start(String webhookSecret) throws IOException {
        GitHubFake fake = new GitHubFake(webhookSecret);
        fake.server = LoopbackHttpServer.start(fake::handle, fake.serverThreads);
        return fake;
    }

    /** GITHUB_API_BASE_URL for the retry service. */
    URI apiBaseUrl() {
        return LoopbackHttpServer.baseUri(server);
    }

    /** Where deliveries go from now on: the webhook service is (back) up at {@code base}. */
    void webhookUp(URI base) {
        target.up(base.resolve("/webhook"));
    }

    /**
     * The webhook service is down: deliveries about to be sent wait (as if GitHub's queue were
     * slower) except {@code sendAnyway} of them, which are sent to the dead address and fail.
     */
    void webhookDown(int sendAnyway) {
        target.down(sendAnyway);
    }

    /** Sends a new event (a fresh GUID) once and records the outcome. Blocks for the answer. */
    Delivery deliver(String guid, Payload payload) throws InterruptedException {
        if (payloads.putIfAbsent(guid, payload) != null) {
            throw new IllegalArgumentException("GUID " + guid + " was delivered already");
        }
        return send(guid, payload, false);
    }

    /** Waits until every accepted redelivery has been sent and its outcome recorded. */
    void awaitRedeliveries(Duration timeout) throws InterruptedException {
        Await.until(() -> pendingRedeliveries.get() == 0, timeout, Duration.ofMillis(20),
                () -> "every redelivery sent (" + pendingRedeliveries.get() + " still pending)");
    }

    /** Every delivery so far, oldest first. */
    List<Delivery> deliveries() {
        synchronized (lock) {
            return new ArrayList<>(deliveries.values());
        }
    }

    /** How many redeliveries the App asked for, per GUID. */
    Map<String, Integer> redeliveryRequests() {
        Map<String, Integer> counts = new HashMap<>();
        redeliveryRequests.forEach((guid, n) -> counts.put(guid, n.get()));
        return counts;
    }

    int apiCalls() {
        return apiCalls.get();
    }

    /** Refused or malformed API calls (bad JWT, unknown path...): a correct client makes none. */
    List<String> apiErrors() {
        return List.copyOf(apiErrors);
    }

    @Override
    public void close() {
        target.up(target.current()); // release any sender still waiting
        redeliverer.shutdownNow();
        server.stop(0);
        serverThreads.shutdownNow();
        try {
            redeliverer.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- the webhook side ---------------------------------------------------------------

    private Delivery send(String guid, Payload payload, boolean redelivery) throws InterruptedException {
        URI webhook = target.acquire(DELIVERY_TIMEOUT.multipliedBy(6));
        long started = System.nanoTime();
        int statusCode;
        String status;
        try {
            HttpResponse<Void> answer = webhookClient.send(HttpRequest.newBuilder(webhook)
                    .timeout(DELIVERY_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "GitHub-Hookshot/fake")
                    .header("X-GitHub-Delivery", guid)
                    .header("X-GitHub-Event", payload.event())
                    .header("X-GitHub-Hook-ID", "123456")
                    .header("X-Hub-Signature-256", sign(secret, payload.body()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload.body()))
                    .build(), HttpResponse.BodyHandlers.discarding());
            statusCode = answer.statusCode();
            status = statusCode / 100 == 2 ? "OK" : "Invalid HTTP Response: " + statusCode;
        } catch (HttpTimeoutException e) {
            statusCode = 0;
            status = "timed out";
        } catch (IOException e) {
            statusCode = 0;
            status = "failed to connect";
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return record(guid, payload, redelivery, seconds, statusCode, status);
    }

    /** Ids are taken when the outcome is known, so the list only ever grows at its newest end. */
    private Delivery record(String guid, Payload payload, boolean redelivery, double seconds, int statusCode,
                            String status) {
        synchronized (lock) {
            Delivery d = new Delivery(nextId++, guid, payload, redelivery, Instant.now(), seconds, statusCode, status);
            deliveries.put(d.id(), d);
            return d;
        }
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the API side -------------------------------------------------------------------

    private void handle(HttpExchange exchange) {
        try (exchange) {
            apiCalls.incrementAndGet();
            route(exchange);
        } catch (IOException clientGone) {
            apiErrors.add(exchange.getRequestURI() + ": the client went away: " + clientGone);
        } catch (RuntimeException e) {
            apiErrors.add(exchange.getRequestURI() + ": " + e);
            try {
                respond(exchange, 500, "{\"message\":\"" + e.getClass().getSimpleName() + "\"}", Map.of());
            } catch (IOException | RuntimeException ignored) {
                // already recorded as an error
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String refused = checkAppJwt(exchange.getRequestHeaders().getFirst("Authorization"));
        if (refused != null) {
            apiErrors.add(method + " " + path + ": " + refused);
            respond(exchange, 401, "{\"message\":\"" + refused + "\"}", Map.of());
            return;
        }
        Matcher attempts = ATTEMPTS.matcher(path);
        Matcher one = ONE.matcher(path);
        if ("GET".equals(method) && "/app/hook/deliveries".equals(path)) {
            listDeliveries(exchange);
        } else if ("POST".equals(method) && attempts.matches()) {
            redeliver(exchange, Long.parseLong(attempts.group(1)));
        } else if ("GET".equals(method) && one.matches()) {
            Delivery d;
            synchronized (lock) {
                d = deliveries.get(Long.parseLong(one.group(1)));
            }
            respond(exchange, d == null ? 404 : 200, d == null ? "{\"message\":\"Not Found\"}" : json(d).toString(),
                    Map.of());
        } else {
            apiErrors.add(method + " " + path + ": not part of the fake");
            respond(exchange, 404, "{\"message\":\"Not Found\"}", Map.of());
        }
    }

    /** Newest first; the cursor is opaque to clients (here: the id the next page starts below). */
    private void listDeliveries(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int perPage = Math.min(MAX_PER_PAGE, Integer.parseInt(query.getOrDefault("per_page", "30")));
        long below = query.containsKey("cursor") ? Long.parseLong(query.get("cursor").substring(3)) : Long.MAX_VALUE;
        List<Delivery> page = new ArrayList<>(perPage);
        boolean more;
        synchronized (lock) {
            var older = deliveries.headMap(below, false).descendingMap().values().iterator();
            while (page.size() < perPage && older.hasNext()) {
                page.add(older.next());
            }
            more = older.hasNext();
        }
        ArrayNode body = JSON.createArrayNode();
        page.forEach(d -> body.add(json(d)));
        Map<String, String> headers = new HashMap<>();
        if (more) {
            headers.put("Link", "<" + apiBaseUrl() + "/app/hook/deliveries?per_page=" + perPage + "&cursor=v1_"
                    + page.get(page.size() - 1).id() + ">; rel=\"next\"");
        }
        respond(exchange, 200, body.toString(), headers);
    }

    private void redeliver(HttpExchange exchange, long id) throws IOException {
        Delivery original;
        synchronized (lock) {
            original = deliveries.get(id);
        }
        if (original == null) {
            apiErrors.add("redelivery of unknown delivery " + id);
            respond(exchange, 404, "{\"message\":\"Not Found\"}", Map.of());
            return;
        }
        redeliveryRequests.computeIfAbsent(original.guid(), g -> new AtomicInteger()).incrementAndGet();
        pendingRedeliveries.incrementAndGet();
        try {
            redeliverer.execute(() -> {
                try {
                    send(original.guid(), original.payload(), true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    pendingRedeliveries.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException closing) {
            pendingRedeliveries.decrementAndGet();
        }
        respond(exchange, 202, "{}", Map.of());
    }

    /** Null when the header carries a valid App JWT signed with the test key; else why not. */
    private static String checkAppJwt(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "missing Bearer token";
        }
        try {
            Claims claims = TestKeys.verifyAppJwt(authorization.substring("Bearer ".length()), Instant.now());
            return Long.toString(APP_ID).equals(claims.getIssuer()) ? null : "JWT issuer is not the App";
        } catch (RuntimeException e) {
            return "invalid JWT: " + e.getClass().getSimpleName();
        }
    }

    private static ObjectNode json(Delivery d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", d.id());
        n.put("guid", d.guid());
        n.put("delivered_at", d.deliveredAt().toString());
        n.put("redelivery", d.redelivery());
        n.put("duration", d.duration());
        n.put("status", d.status());
        n.put("status_code", d.statusCode());
        n.put("event", d.payload().event());
        if (d.payload().action() == null) {
            n.putNull("action");
        } else {
            n.put("action", d.payload().action());
        }
        n.put("installation_id", 43215678);
        n.put("repository_id", 1296269);
        n.put("url", "");
        return n;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Where deliveries go. While the webhook is down, senders wait for it to come back, except a
     * given number that are let through to the dead address (and fail, as they would for GitHub).
     */
    private static final class WebhookTarget {
        private URI uri = URI.create("http://127.0.0.1:9/webhook");
        private boolean down;
        private int sendAnyway;

        synchronized URI current() {
            return uri;
        }

        synchronized void up(URI webhook) {
            uri = webhook;
            down = false;
            notifyAll();
        }

        synchronized void down(int letThrough) {
            down = true;
            sendAnyway = letThrough;
            notifyAll();
        }

        /** The address to send to; waits at most {@code max} for a down webhook to come back. */
        synchronized URI acquire(Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (down && sendAnyway == 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
            if (down && sendAnyway > 0) {
                sendAnyway--;
            }
            return uri;
        }
    }
}
