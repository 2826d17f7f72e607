package dev.gma.github;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLSession;

/**
 * A GET whose body the caller reads straight from the connection, on its own thread and in its
 * own buffer sizes ({@link HttpURLConnection}). It carries the log archives, up to gigabytes:
 * java.net.http hands a body to its reader in 16 KiB buffers through the client's selector thread,
 * a hand-off and a selector wake-up per buffer, and profiled on a 1 GiB archive that machinery
 * cost more CPU than the SHA-256 the leech computes over the same bytes (docs/benchmarks.md,
 * section 6). Redirects are not followed. The request's timeout bounds the connect and every
 * read of the body, so a stalled download fails rather than hangs.
 */
final class BlockingGet {

    private final Duration connectTimeout;

    BlockingGet(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        if (!"GET".equals(request.method())) {
            throw new IllegalArgumentException("only GET is sent this way, not " + request.method());
        }
        URLConnection opened = request.uri().toURL().openConnection();
        if (!(opened instanceof HttpURLConnection connection)) {
            throw new IllegalArgumentException("not an HTTP URL: " + request.uri().getScheme());
        }
        Duration timeout = request.timeout().orElse(connectTimeout);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(timeout.compareTo(connectTimeout) < 0 ? timeout : connectTimeout));
        connection.setReadTimeout(millis(timeout));
        request.headers().map().forEach((name, values) -> values.forEach(v -> connection.addRequestProperty(name, v)));
        int status = connection.getResponseCode(); // connects; an I/O error here is retried by the policy
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return new Response(request, status, headers(connection), body == null ? InputStream.nullInputStream() : body);
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    /** Names compared ignoring case, as HTTP does; the status line (the null name) left out. */
    private static HttpHeaders headers(HttpURLConnection connection) {
        Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                merged.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
            }
        });
        return HttpHeaders.of(merged, (name, value) -> true);
    }

    private record Response(HttpRequest request, int statusCode, HttpHeaders headers, InputStream body)
            implements HttpResponse<InputStream> {

        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
