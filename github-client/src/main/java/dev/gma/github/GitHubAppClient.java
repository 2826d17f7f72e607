package dev.gma.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GitHub REST calls the services need, as the App: webhook deliveries (list, get,
 * redeliver; github-api has no deliveries API) and workflow run logs (as an installation).
 * Every call goes through {@link GitHubHttp}'s one retry and rate-limit policy.
 */
public final class GitHubAppClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final URI api;
    private final AppJwtSource jwt;
    private final InstallationTokens tokens;
    private final GitHubHttp http;

    public GitHubAppClient(GitHubAppSettings settings) {
        this(settings, Clock.systemUTC(), RetryPolicy.DEFAULT, Sleeper.REAL);
    }

    public GitHubAppClient(GitHubAppSettings settings, Clock clock, RetryPolicy policy, Sleeper sleeper) {
        this.api = settings.apiBaseUrl();
        this.jwt = new AppJwtSource(settings.appId(), PrivateKeys.parse(settings.privateKeyPem()), clock);
        this.tokens = new InstallationTokens(clock);
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER) // log downloads: never forward the token
                .build();
        this.http = new GitHubHttp(client, policy, sleeper, clock);
    }

    /** {@code GET /app/hook/deliveries?per_page=100}, newest first; cursor from the Link header. */
    public DeliveryPage listDeliveries(Optional<String> cursor, Instant deadline) {
        String path = "/app/hook/deliveries?per_page=100"
                + cursor.map(c -> "&cursor=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse("");
        HttpResponse<String> response = asApp("GET", path, deadline);
        expect2xx(response, "listing deliveries");
        JsonNode page = parse(response.body(), "deliveries page");
        if (!page.isArray()) {
            throw new MalformedResponseException("deliveries page is not a JSON array");
        }
        List<HookDelivery> deliveries = new ArrayList<>();
        for (JsonNode node : page) {
            deliveries.add(delivery(node));
        }
        return new DeliveryPage(List.copyOf(deliveries), nextCursor(response));
    }

    /** {@code GET /app/hook/deliveries/{id}}. */
    public HookDelivery getDelivery(long id, Instant deadline) {
        HttpResponse<String> response = asApp("GET", "/app/hook/deliveries/" + id, deadline);
        expect2xx(response, "getting delivery " + id);
        return delivery(parse(response.body(), "delivery"));
    }

    /**
     * {@code POST /app/hook/deliveries/{id}/attempts}. Returns the status: 202 means GitHub
     * accepted the redelivery; another 4xx is returned for the caller to record, not thrown.
     */
    public int redeliver(long id, Instant deadline) {
        return asApp("POST", "/app/hook/deliveries/" + id + "/attempts", deadline).statusCode();
    }

    /**
     * The logs archive of one attempt of a workflow run, as the installation: GitHub answers 302
     * to a short-lived URL, which is fetched without our token and streamed, never buffered.
     *
     * @throws NotFoundException for 404 or 410 (logs expired or deleted)
     */
    public LogDownload openWorkflowRunLogs(String owner, String repo, long runId, int attempt, long installationId,
                                           Instant deadline) {
        String path = "/repos/" + segment(owner) + "/" + segment(repo) + "/actions/runs/" + runId + "/attempts/"
                + attempt + "/logs";
        HttpResponse<InputStream> redirect = http.send(
                () -> request("GET", api + path, "token " + installationToken(installationId, deadline)),
                HttpResponse.BodyHandlers.ofInputStream(), deadline, () -> tokens.invalidate(installationId));
        int status = redirect.statusCode();
        if (status == 200) { // served directly (no redirect): stream it as is
            return new LogDownload(redirect.body(), redirect.headers().firstValueAsLong("content-length").orElse(-1));
        }
        closeQuietly(redirect.body());
        if (status / 100 != 3) {
            throw notFoundOr(status, "logs of run " + runId + " attempt " + attempt);
        }
        URI location = URI.create(redirect.headers().firstValue("location")
                .orElseThrow(() -> new MalformedResponseException("302 without a Location for run " + runId)));
        HttpResponse<InputStream> archive = http.send(() -> request("GET", location.toString(), null),
                HttpResponse.BodyHandlers.ofInputStream(), deadline, () -> { });
        if (archive.statusCode() != 200) {
            closeQuietly(archive.body());
            throw notFoundOr(archive.statusCode(), "logs archive of run " + runId);
        }
        return new LogDownload(archive.body(), archive.headers().firstValueAsLong("content-length").orElse(-1));
    }

    /** An installation access token (cached until shortly before it expires). */
    public String installationToken(long installationId, Instant deadline) {
        return tokens.token(installationId, id -> {
            HttpResponse<String> response = asApp("POST", "/app/installations/" + id + "/access_tokens", deadline);
            expect2xx(response, "creating an installation token for installation " + id);
            return parse(response.body(), "installation token");
        });
    }

    /** How many HTTP requests this client made (benchmarks count GitHub calls). */
    public long requestCount() {
        return http.requestCount();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient on Java 17 has no close(); connections are released when idle.
    }

    private HttpResponse<String> asApp(String method, String path, Instant deadline) {
        return http.send(() -> request(method, api + path, "Bearer " + jwt.token()),
                HttpResponse.BodyHandlers.ofString(), deadline, jwt::invalidate);
    }

    private static HttpRequest request(String method, String url, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "github-metrics-aggregator")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    private static HookDelivery delivery(JsonNode n) {
        if (!n.isObject() || !n.hasNonNull("id") || !n.hasNonNull("guid") || !n.hasNonNull("status_code")) {
            throw new MalformedResponseException("delivery entry lacks id, guid or status_code");
        }
        try {
            return new HookDelivery(n.get("id").asLong(), n.get("guid").asText(), instant(n.get("delivered_at")),
                    n.path("redelivery").asBoolean(false), n.path("duration").asDouble(0),
                    n.path("status").asText(""), n.get("status_code").asInt(), n.path("event").asText(null),
                    text(n.get("action")), number(n.get("installation_id")), number(n.get("repository_id")));
        } catch (RuntimeException e) {
            throw new MalformedResponseException("delivery entry is malformed: " + e.getMessage());
        }
    }

    private static Optional<String> nextCursor(HttpResponse<?> response) {
        return response.headers().firstValue("link").flatMap(link -> {
            Matcher m = NEXT_LINK.matcher(link);
            if (!m.find()) {
                return Optional.empty();
            }
            String query = URI.create(m.group(1)).getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith("cursor=")) {
                    return Optional.of(URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        });
    }

    private static JsonNode parse(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new MalformedResponseException(what + " is not JSON");
        }
    }

    private static void expect2xx(HttpResponse<?> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new GitHubApiException(response.statusCode(), what + ": GitHub answered " + response.statusCode());
        }
    }

    private static GitHubApiException notFoundOr(int status, String what) {
        return status == 404 || status == 410
                ? new NotFoundException(status, what + ": GitHub answered " + status)
                : new GitHubApiException(status, what + ": GitHub answered " + status);
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Long number(JsonNode n) {
        return n == null || n.isNull() ? null : n.asLong();
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to recover
        }
    }
}
