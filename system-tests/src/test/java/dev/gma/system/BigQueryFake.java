package dev.gma.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gma.store.sqlite.SqliteDatabase;
import dev.gma.store.sqlite.SqliteRows;
import dev.gma.testing.LoopbackHttpServer;
import dev.gma.testing.PubSubEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The two BigQuery calls the GCP-mode webhook makes when a publish fails, answered for real:
 * {@code tabledata.insertAll} into {@code failure_events} (kept in the local store's
 * {@code failure_events} table, deduplicated by insert id as BigQuery does) and the
 * parameterised {@code jobs.query} that counts a delivery's failures. Loopback only.
 */
final class BigQueryFake implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server; // set once by start()
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final SqliteDatabase store;
    private final Set<String> insertIds = new HashSet<>(); // guarded by this
    private final Map<String, Integer> failures = new HashMap<>(); // guarded by this
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicInteger answersLost = new AtomicInteger();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private BigQueryFake(SqliteDatabase store) {
        this.store = store;
    }

    static BigQueryFake start(SqliteDatabase store) throws IOException {
        BigQueryFake fake = new BigQueryFake(store);
        fake.server = LoopbackHttpServer.start(fake::handle, fake.threads);
        return fake;
    }

    /** For {@code TestHooks.BIGQUERY_HOST} (and STORAGE_HOST: any Cloud Storage call is an error here). */
    URI baseUrl() {
        return LoopbackHttpServer.baseUri(server);
    }

    /** Requests this fake did not expect; a correct webhook makes none. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Requests whose caller was gone before the answer (the webhook killed mid-request). */
    int answersLost() {
        return answersLost.get();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String body;
            try {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    errors.add("unexpected " + exchange.getRequestMethod() + " " + path);
                    status = 404;
                    body = "{\"error\":{\"code\":404,\"message\":\"not part of the fake\"}}";
                } else if (path.matches("/bigquery/v2/projects/[^/]+/datasets/[^/]+/tables/failure_events/insertAll")) {
                    insertAll(read(exchange));
                    body = "{\"kind\":\"bigquery#tableDataInsertAllResponse\"}";
                } else if (path.matches("/bigquery/v2/projects/[^/]+/queries")) {
                    body = countAnswer(read(exchange));
                } else {
                    errors.add("unexpected POST " + path);
                    status = 404;
                    body = "{\"error\":{\"code\":404,\"message\":\"not part of the fake\"}}";
                }
            } catch (IOException clientGone) {
                answersLost.incrementAndGet();
                return;
            } catch (Exception e) {
                errors.add(exchange.getRequestURI() + ": " + e);
                status = 500;
                body = "{\"error\":{\"code\":500,\"message\":\"" + e.getClass().getSimpleName() + "\"}}";
            }
            try {
                respond(exchange, status, body);
            } catch (IOException clientGone) {
                answersLost.incrementAndGet();
            }
        }
    }

    private void insertAll(JsonNode request) throws SQLException {
        for (JsonNode row : request.path("rows")) {
            JsonNode json = row.path("json");
            String deliveryId = json.path("delivery_id").asText();
            synchronized (this) {
                if (!insertIds.add(row.path("insertId").asText())) {
                    continue; // a retried insert: BigQuery's best-effort dedup
                }
                failures.merge(deliveryId, 1, Integer::sum);
            }
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("delivery_id", deliveryId);
            failure.put("created", Instant.parse(json.path("created").asText()));
            failure.put("error", json.path("error").asText());
            try (Connection c = store.connect()) {
                SqliteRows.insert(c, "failure_events", failure);
            }
        }
    }

    /** The webhook's only query: {@code SELECT COUNT(*) AS attempts ... WHERE delivery_id = @delivery_id}. */
    private String countAnswer(JsonNode request) {
        String query = request.path("query").asText();
        if (!query.contains("COUNT(*) AS attempts") || !query.contains("failure_events")) {
            throw new IllegalArgumentException("unexpected query: " + query);
        }
        String deliveryId = null;
        for (JsonNode p : request.path("queryParameters")) {
            if ("delivery_id".equals(p.path("name").asText())) {
                deliveryId = p.path("parameterValue").path("value").asText();
            }
        }
        if (deliveryId == null) {
            throw new IllegalArgumentException("query without @delivery_id: " + request);
        }
        int attempts;
        synchronized (this) {
            attempts = failures.getOrDefault(deliveryId, 0);
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("kind", "bigquery#queryResponse");
        answer.putObject("schema").putArray("fields").addObject()
                .put("name", "attempts").put("type", "INTEGER").put("mode", "NULLABLE");
        answer.putObject("jobReference").put("projectId", PubSubEmulator.PROJECT)
                .put("jobId", "job_" + jobs.incrementAndGet()).put("location", "US");
        answer.put("totalRows", "1");
        answer.putArray("rows").addObject().putArray("f").addObject().put("v", Integer.toString(attempts));
        answer.put("totalBytesProcessed", "0");
        answer.put("jobComplete", true);
        answer.put("cacheHit", false);
        return answer.toString();
    }

    private static JsonNode read(HttpExchange exchange) throws IOException {
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            return JSON.readTree(in);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
