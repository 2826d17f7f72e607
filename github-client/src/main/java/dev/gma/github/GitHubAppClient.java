package dev.gma.github;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The GitHub REST calls the services need: webhook deliveries as the App (list, get, redeliver;
 * github-api has no deliveries API) and workflow run logs as an installation. Every request,
 * including token creation and the log redirect, goes through {@link GitHubHttp}'s one retry
 * and rate-limit policy, bounded by the caller's deadline. Thread-safe; build one per process
 * (or per Beam DoFn instance) from plain values.
 */
public final class GitHubAppClient implements AutoCloseable {

    private static final String USER_AGENT = "github-metrics-aggregator";
    private static final String API_VERSION = "2022-11-28";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI api;
    private final AppJwtSource jwt;
    private final InstallationTokens tokens;
    private final GitHubHttp http;
    private final BlockingGet archives = new BlockingGet(CONNECT_TIMEOUT);

    public GitHubAppClient(GitHubAppSettings settings) {
        this(settings, Clock.systemUTC(), RetryPolicy.DEFAULT, Sleeper.REAL);
    }

    /** For tests and tuning: the clock drives JWT and token expiry, the sleeper every wait. */
    public GitHubAppClient(GitHubAppSettings settings, Clock clock, RetryPolicy policy, Sleeper sleeper) {
        this.api = settings.apiBaseUrl();
        this.jwt = new AppJwtSource(settings.appId(), PrivateKeys.parse(settings.privateKeyPem()), clock);
        this.tokens = new InstallationTokens(clock);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER) // we follow log redirects ourselves, without the token
                .build();
        this.http = new GitHubHttp(client, policy, sleeper, clock);
    }

    /** {@code GET /app/hook/deliveries?per_page=100[&cursor=..]}: newest first; the next cursor from {@code Link}. */
    public DeliveryPage listDeliveries(Optional<String> cursor, Instant deadline) {
        String query = "?per_page=100" + cursor.map(c -> "&cursor=" + URLEncoder.encode(c, StandardCharsets.UTF_8))
                .orElse("");
        HttpResponse<String> response = asApp("GET", "/app/hook/deliveries" + query, deadline);
        requireSuccess(response, "listing deliveries");
        return new DeliveryPage(HookDeliveries.page(response.body()),
                LinkHeader.nextCursor(response.headers().firstValue("link")));
    }

    /** {@code GET /app/hook/deliveries/{id}}; {@link NotFoundException} when GitHub no longer has it. */
    public HookDelivery getDelivery(long id, Instant deadline) {
        HttpResponse<String> response = asApp("GET", "/app/hook/deliveries/" + id, deadline);
        requireSuccess(response, "getting delivery " + id);
        return HookDeliveries.one(response.body());
    }

    /**
     * {@code POST /app/hook/deliveries/{id}/attempts}. Returns the status: 202 means GitHub
     * accepted the redelivery; another 4xx (404, 422, ...) is returned for the caller to record.
     * Auth failures, exhausted retries and rate limits past the deadline throw.
     */
    public int redeliver(long id, Instant deadline) {
        return asApp("POST", "/app/hook/deliveries/" + id + "/attempts", deadline).statusCode();
    }

    /**
     * The logs archive of one attempt of a workflow run, as the installation. GitHub answers 302
     * to a short-lived URL, fetched here without the token and streamed, never buffered: the
     * caller reads the body straight from the connection, each read bounded by the request
     * timeout ({@link BlockingGet}). The caller closes the download.
     *
     * @throws NotFoundException for 404 or 410 (logs expired or deleted)
     */
    public LogDownload openWorkflowRunLogs(String owner, String repo, long runId, int attempt, long installationId,
                                           Instant deadline) {
        URI logs = apiUri("/repos/" + segment(owner) + "/" + segment(repo) + "/actions/runs/" + runId
                + "/attempts/" + attempt + "/logs");
        String what = "logs of " + owner + "/" + repo + " run " + runId + " attempt " + attempt;
        HttpResponse<InputStream> answer = http.send(
                () -> gitHubRequest("GET", logs, "Bearer " + installationToken(installationId, deadline)),
                HttpResponse.BodyHandlers.ofInputStream(), deadline, () -> tokens.invalidate(installationId));
        if (answer.statusCode() / 100 != 3) {
            return download(answer, what); // 200 (served directly) or an error
        }
        URI archive = redirectTarget(answer, logs, what);
        // The archive itself (up to gigabytes) is read straight from the connection, see BlockingGet.
        return download(http.sendVia(() -> downloadRequest(archive), archives::send, deadline, () -> { }), what);
    }

    /**
     * One page of a REST list as the App ({@code GET /app/installations}, ...): the body kept whole
     * as text and the {@code rel="next"} URL of the {@code Link} header. {@code pathOrNextUrl} is a
     * path with its query, or a next URL this client returned before: its path and query are always
     * asked of the configured API host (a link naming another host is rebased onto it, a path outside
     * the API's is refused), so a token is never sent anywhere else.
     */
    public JsonPage getPageAsApp(String pathOrNextUrl, Instant deadline) {
        URI uri = listUri(pathOrNextUrl);
        HttpResponse<String> response = http.send(() -> gitHubRequest("GET", uri, "Bearer " + jwt.token()),
                HttpResponse.BodyHandlers.ofString(), deadline, jwt::invalidate);
        return page(response, uri);
    }

    /** One page of a REST list as the installation (see {@link #getPageAsApp}); 404/410 throw {@link NotFoundException}. */
    public JsonPage getPageAsInstallation(String pathOrNextUrl, long installationId, Instant deadline) {
        URI uri = listUri(pathOrNextUrl);
        HttpResponse<String> response = http.send(
                () -> gitHubRequest("GET", uri, "Bearer " + installationToken(installationId, deadline)),
                HttpResponse.BodyHandlers.ofString(), deadline, () -> tokens.invalidate(installationId));
        return page(response, uri);
    }

    private URI listUri(String pathOrNextUrl) {
        if (pathOrNextUrl.startsWith("/")) {
            return apiUri(pathOrNextUrl);
        }
        URI uri = URI.create(pathOrNextUrl);
        if (uri.getRawPath() == null || !uri.getRawPath().startsWith(api.getRawPath() == null ? "" : api.getRawPath())) {
            throw new MalformedResponseException("a next-page link points away from " + api + ": " + uri.getHost()
                    + uri.getRawPath());
        }
        boolean sameOrigin = api.getScheme().equalsIgnoreCase(uri.getScheme())
                && api.getHost().equalsIgnoreCase(uri.getHost()) && api.getPort() == uri.getPort();
        // Another origin (a proxy's or a fake's own name for itself): the path is asked of the API we were
        // given, so a token never goes to a host the settings did not name.
        return sameOrigin ? uri : URI.create(api.getScheme() + "://" + api.getRawAuthority() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static JsonPage page(HttpResponse<String> response, URI uri) {
        requireSuccess(response, "GET " + uri.getPath());
        return new JsonPage(response.body(), LinkHeader.nextUrl(response.headers().firstValue("link")));
    }

    /** An installation access token, cached until 5 minutes before it expires. Never log it. */
    public String installationToken(long installationId, Instant deadline) {
        return tokens.token(installationId, id -> {
            HttpResponse<String> response = asApp("POST", "/app/installations/" + id + "/access_tokens", deadline);
            requireSuccess(response, "creating an access token for installation " + id);
            return JsonBodies.read(response.body(), "the access token of installation " + id);
        });
    }

    /** How many HTTP requests this client sent, retries and redirects included. */
    public long requestCount() {
        return http.requestCount();
    }

    /** Nothing to release: Java 17's HttpClient has no close() and frees idle connections itself. */
    @Override
    public void close() {
        // kept AutoCloseable so callers already scope the client for a later HttpClient#close()
    }

    private HttpResponse<String> asApp(String method, String pathAndQuery, Instant deadline) {
        URI uri = apiUri(pathAndQuery);
        return http.send(() -> gitHubRequest(method, uri, "Bearer " + jwt.token()),
                HttpResponse.BodyHandlers.ofString(), deadline, jwt::invalidate);
    }

    private URI apiUri(String pathAndQuery) {
        return URI.create(api + pathAndQuery);
    }

    private static HttpRequest.Builder gitHubRequest(String method, URI uri, String authorization) {
        return HttpRequest.newBuilder(uri)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", USER_AGENT)
                .header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.noBody());
    }

    /** The signed download URL authorizes itself: it must never see our token. */
    private static HttpRequest.Builder downloadRequest(URI uri) {
        return HttpRequest.newBuilder(uri).header("User-Agent", USER_AGENT).GET();
    }

    private static URI redirectTarget(HttpResponse<InputStream> redirect, URI from, String what) {
        closeQuietly(redirect.body());
        String location = redirect.headers().firstValue("location").orElseThrow(() ->
                new MalformedResponseException(what + ": " + redirect.statusCode() + " without a Location"));
        return from.resolve(location);
    }

    private static LogDownload download(HttpResponse<InputStream> response, String what) {
        if (response.statusCode() == 200) {
            return new LogDownload(response.body(), response.headers().firstValueAsLong("content-length").orElse(-1));
        }
        closeQuietly(response.body());
        throw failure(response.statusCode(), what);
    }

    private static void requireSuccess(HttpResponse<?> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), what);
        }
    }

    private static GitHubApiException failure(int status, String what) {
        String message = what + ": GitHub answered " + status;
        return status == 404 || status == 410 ? new NotFoundException(status, message)
                : new GitHubApiException(status, message);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is dropped either way
        }
    }
}
