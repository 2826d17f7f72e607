package dev.gma.retry.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gma.testing.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A stateful, in-memory fake of the parts of the Cloud Storage JSON API that a lease needs, for the
 * real {@code google-cloud-storage} client ({@code StorageOptions.http().setHost(baseUrl())}):
 * multipart upload ({@code POST /upload/storage/v1/b/B/o}), get, metadata patch and delete, each
 * honouring {@code ifGenerationMatch} (0 = "must not exist") and {@code ifMetagenerationMatch} with
 * a 412 on mismatch, and a 404 for a missing object. Generations are never reused, as in the real
 * service. {@code LocalStorageHelper} ignores preconditions, hence this fake. Anything else
 * answers 501, so an unexpected call fails the test loudly.
 */
public final class FakeCloudStorage implements AutoCloseable {

    /** One stored object. */
    public record StoredObject(String bucket, String name, long generation, long metageneration, String contentType,
                               Map<String, String> metadata, byte[] data, Instant updated) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");
    private static final Pattern OBJECT = Pattern.compile("/storage/v1/b/([^/]+)/o/(.+)");

    private final Map<String, StoredObject> objects = new HashMap<>();
    private final List<String> requests = new ArrayList<>();
    private long lastGeneration = 1_700_000_000_000_000L;
    private HttpServer server; // set once by start()
    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    private FakeCloudStorage() {}

    public static FakeCloudStorage start() throws IOException {
        FakeCloudStorage fake = new FakeCloudStorage();
        fake.server = LoopbackHttpServer.start(fake::handle, fake.executor);
        return fake;
    }

    public String baseUrl() {
        return LoopbackHttpServer.baseUri(server).toString();
    }

    public synchronized Optional<StoredObject> object(String bucket, String name) {
        return Optional.ofNullable(objects.get(bucket + "/" + name));
    }

    /** Stores an object directly (e.g. a lease someone else holds); returns its generation. */
    public synchronized long put(String bucket, String name, Map<String, String> metadata) {
        StoredObject o = new StoredObject(bucket, name, ++lastGeneration, 1, "application/json", Map.copyOf(metadata),
                new byte[0], Instant.now());
        objects.put(bucket + "/" + name, o);
        return o.generation();
    }

    /** "METHOD path?query" of every request so far. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            byte[] body = body(exchange);
            Answer answer;
            synchronized (this) {
                requests.add(exchange.getRequestMethod() + " " + path
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
                answer = route(exchange.getRequestMethod(), path, query, exchange.getRequestHeaders().getFirst("Content-Type"),
                        body);
            }
            byte[] out = answer.body == null ? new byte[0] : answer.body.getBytes(StandardCharsets.UTF_8);
            if (answer.body != null) {
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            }
            exchange.sendResponseHeaders(answer.status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    private record Answer(int status, String body) {}

    private Answer route(String method, String path, Map<String, String> query, String contentType, byte[] body)
            throws IOException {
        Matcher upload = UPLOAD.matcher(path);
        if (method.equals("POST") && upload.matches()) {
            return upload(decode(upload.group(1)), query, contentType, body);
        }
        Matcher object = OBJECT.matcher(path);
        if (object.matches()) {
            String key = decode(object.group(1)) + "/" + decode(object.group(2));
            StoredObject current = objects.get(key);
            if (current == null || (query.containsKey("generation")
                    && Long.parseLong(query.get("generation")) != current.generation())) {
                return error(404, "No such object: " + key);
            }
            if (!preconditionsHold(current, query)) {
                return error(412, "At least one of the pre-conditions you specified did not hold.");
            }
            switch (method) {
                case "GET":
                    return new Answer(200, resource(current));
                case "DELETE":
                    objects.remove(key);
                    return new Answer(204, null);
                case "PATCH":
                    Map<String, String> metadata = new HashMap<>(current.metadata());
                    JSON.readTree(body).path("metadata").fields().forEachRemaining(f -> {
                        if (f.getValue().isNull()) {
                            metadata.remove(f.getKey());
                        } else {
                            metadata.put(f.getKey(), f.getValue().asText());
                        }
                    });
                    StoredObject patched = new StoredObject(current.bucket(), current.name(), current.generation(),
                            current.metageneration() + 1, current.contentType(), Map.copyOf(metadata), current.data(),
                            Instant.now());
                    objects.put(key, patched);
                    return new Answer(200, resource(patched));
                default:
                    break;
            }
        }
        return error(501, "the fake does not implement " + method + " " + path);
    }

    private Answer upload(String bucket, Map<String, String> query, String contentType, byte[] body) throws IOException {
        if (!"multipart".equals(query.get("uploadType")) || contentType == null) {
            return error(501, "the fake implements multipart uploads only, got uploadType=" + query.get("uploadType"));
        }
        List<byte[]> parts = multipart(contentType, body);
        JsonNode info = JSON.readTree(parts.get(0));
        String name = query.getOrDefault("name", info.path("name").asText());
        String key = bucket + "/" + name;
        StoredObject current = objects.get(key);
        String match = query.get("ifGenerationMatch");
        if (match != null && (match.equals("0") ? current != null
                : current == null || Long.parseLong(match) != current.generation())) {
            return error(412, "At least one of the pre-conditions you specified did not hold.");
        }
        if (current != null && !preconditionsHold(current, query)) {
            return error(412, "At least one of the pre-conditions you specified did not hold.");
        }
        Map<String, String> metadata = new HashMap<>();
        info.path("metadata").fields().forEachRemaining(f -> metadata.put(f.getKey(), f.getValue().asText()));
        StoredObject created = new StoredObject(bucket, name, ++lastGeneration, 1,
                info.path("contentType").asText("application/octet-stream"), Map.copyOf(metadata),
                parts.size() > 1 ? parts.get(1) : new byte[0], Instant.now());
        objects.put(key, created);
        return new Answer(200, resource(created));
    }

    private static boolean preconditionsHold(StoredObject current, Map<String, String> query) {
        String generation = query.get("ifGenerationMatch");
        String metageneration = query.get("ifMetagenerationMatch");
        return (generation == null || Long.parseLong(generation) == current.generation())
                && (metageneration == null || Long.parseLong(metageneration) == current.metageneration());
    }

    private static String resource(StoredObject o) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", "storage#object");
        n.put("id", o.bucket() + "/" + o.name() + "/" + o.generation());
        n.put("bucket", o.bucket());
        n.put("name", o.name());
        n.put("generation", Long.toString(o.generation()));
        n.put("metageneration", Long.toString(o.metageneration()));
        n.put("contentType", o.contentType());
        n.put("size", Integer.toString(o.data().length));
        n.put("timeCreated", o.updated().toString());
        n.put("updated", o.updated().toString());
        ObjectNode metadata = n.putObject("metadata");
        o.metadata().forEach(metadata::put);
        return JSON.writeValueAsString(n);
    }

    private static Answer error(int status, String message) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode error = n.putObject("error");
        error.put("code", status);
        error.put("message", message);
        error.putArray("errors").addObject().put("message", message).put("reason",
                status == 412 ? "conditionNotMet" : status == 404 ? "notFound" : "notImplemented");
        return new Answer(status, JSON.writeValueAsString(n));
    }

    /** The parts of a multipart/related body, headers stripped. */
    private static List<byte[]> multipart(String contentType, byte[] body) {
        Matcher b = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        if (!b.find()) {
            throw new IllegalArgumentException("no boundary in " + contentType);
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + b.group(1);
        List<byte[]> parts = new ArrayList<>();
        for (String chunk : text.split(Pattern.quote(delimiter))) {
            if (chunk.startsWith("--") || chunk.isBlank()) {
                continue; // the closing delimiter, or the preamble
            }
            int start = chunk.indexOf("\r\n\r\n");
            String content = chunk.substring(start + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            parts.add(content.getBytes(StandardCharsets.ISO_8859_1));
        }
        return parts;
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                q.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
