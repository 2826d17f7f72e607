package dev.gma.backfill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.gma.pipeline.github.GitHubClients;
import dev.gma.github.GitHubAppClient;
import dev.gma.github.GitHubAppSettings;
import dev.gma.github.RetryPolicy;
import dev.gma.github.Sleeper;
import dev.gma.github.TestKeys;
import dev.gma.testing.Testdata;
import io.jsonwebtoken.Claims;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub fake on a free loopback port serving testdata/backfill/github/ (routes.json: path, page,
 * file, next page): 2 installations (an organization and a user), 3 repositories, lists of 2 objects
 * a page with {@code Link} headers. Every request is authorized by the fake: App routes only with an
 * App JWT it verifies with the test public key (issuer = app id, not expired), installation routes
 * only with the token it issued to the installation that owns the repository; anything else is 401.
 */
public final class GitHubFake implements AutoCloseable {

    public static final long APP_ID = 4242;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPO = Pattern.compile("^/repos/([^/]+/[^/]+)(/.*)?$");

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final Map<String, Long> installationOf = new HashMap<>();

    public GitHubFake() {
        server.start();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Bad credentials\"}")));
        JsonNode routes = read("backfill/github/routes.json");
        for (JsonNode route : routes) {
            String path = route.path("path").asText();
            Long installation = null;
            if (path.contains("#")) {
                installation = Long.parseLong(path.substring(path.indexOf('#') + 1));
                path = path.substring(0, path.indexOf('#'));
            }
            int page = route.path("page").asInt();
            MappingBuilder request = get(urlPathEqualTo(path)).atPriority(5)
                    .withQueryParam("page", page == 1 ? absent() : equalTo(Integer.toString(page)));
            var response = aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(bytes("backfill/github/" + route.path("file").asText()));
            if (!route.path("next").isNull()) {
                response.withHeader("Link", "<" + server.baseUrl() + path + "?per_page=100&page="
                        + route.path("next").asInt() + ">; rel=\"next\", <" + server.baseUrl() + path
                        + "?per_page=100&page=1>; rel=\"first\"");
            }
            long owner = installation == null ? 0 : installation;
            server.stubFor(request.andMatching(r -> MatchResult.of(authorized(r, owner))).willReturn(response));
        }
        for (long id : List.of(1001L, 1002L)) {
            server.stubFor(post(urlPathEqualTo("/app/installations/" + id + "/access_tokens")).atPriority(5)
                    .andMatching(r -> MatchResult.of(authorized(r, 0)))
                    .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                            .withBody("{\"token\":\"" + token(id) + "\",\"expires_at\":\"2099-01-01T00:00:00Z\"}")));
        }
        // Which installation may read which repository: from the repositories each installation lists.
        for (JsonNode route : routes) {
            String path = route.path("path").asText();
            if (path.startsWith("/installation/repositories#")) {
                long id = Long.parseLong(path.substring(path.indexOf('#') + 1));
                for (JsonNode repo : read("backfill/github/" + route.path("file").asText()).path("repositories")) {
                    installationOf.put(repo.path("full_name").asText(), id);
                }
            }
        }
    }

    public static String token(long installation) {
        return "ghs_fake_installation_" + installation;
    }

    public URI baseUri() {
        return URI.create(server.baseUrl());
    }

    public WireMockServer server() {
        return server;
    }

    /** {@code owner}: the installation a route belongs to (0 for /app/* and /repos/*, which are checked by path). */
    private boolean authorized(Request r, long owner) {
        String auth = r.getHeader("Authorization");
        String path = URI.create(r.getUrl()).getPath();
        boolean ok;
        if (auth == null || !auth.startsWith("Bearer ")) {
            ok = false;
        } else if (path.startsWith("/app/")) {
            ok = validJwt(auth.substring(7));
        } else if (path.startsWith("/installation/")) {
            ok = auth.substring(7).equals(token(owner));
        } else {
            Matcher m = REPO.matcher(path);
            Long installation = m.matches() ? installationOf.get(m.group(1)) : null;
            ok = installation != null && auth.substring(7).equals(token(installation));
        }
        return ok;
    }

    private static boolean validJwt(String jwt) {
        try {
            Claims claims = TestKeys.verifyAppJwt(jwt, Instant.now());
            return Long.toString(APP_ID).equals(claims.getIssuer())
                    && claims.getExpiration().toInstant().isBefore(Instant.now().plus(Duration.ofMinutes(10)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Requests the fake refused for their credentials (a healthy run leaves none). */
    public List<String> refused() {
        return server.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 401)
                .map(e -> e.getRequest().getMethod() + " " + URI.create(e.getRequest().getUrl()).getPath()).toList();
    }

    /** GET requests to {@code path} asking for page {@code page} (1 = no page parameter, or page=1). */
    public int requests(String path, int page) {
        int n = 0;
        for (ServeEvent e : server.getAllServeEvents()) {
            URI uri = URI.create(e.getRequest().getUrl());
            int asked = 1;
            for (String pair : (uri.getRawQuery() == null ? "" : uri.getRawQuery()).split("&")) {
                if (pair.startsWith("page=")) {
                    asked = Integer.parseInt(pair.substring(5));
                }
            }
            if (uri.getPath().equals(path) && asked == page) {
                n++;
            }
        }
        return n;
    }

    /** All requests whose path starts with {@code prefix}. */
    public int requestsUnder(String prefix) {
        return (int) server.getAllServeEvents().stream()
                .filter(e -> URI.create(e.getRequest().getUrl()).getPath().startsWith(prefix)).count();
    }

    public int totalRequests() {
        return server.getAllServeEvents().size();
    }

    /** {@code path} (first page) answers {@code status} with {@code headers} forever. */
    public void answers(String path, int status, String... headers) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"status " + status + "\"}");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.withHeader(headers[i], headers[i + 1]);
        }
        server.stubFor(get(urlPathEqualTo(path)).atPriority(1).withQueryParam("page", absent()).willReturn(response));
    }

    /** The first page of {@code path} answers {@code status} once with {@code headers}, then as usual. */
    public void failsOnce(String path, int status, String... headers) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"status " + status + "\"}");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.withHeader(headers[i], headers[i + 1]);
        }
        server.stubFor(get(urlPathEqualTo(path)).atPriority(1).withQueryParam("page", absent())
                .inScenario(path).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("failed")
                .willReturn(response));
    }

    /** Page {@code page} of {@code path} answers {@code status} until {@link #heal()}. */
    public void pageAnswers(String path, int page, int status) {
        server.stubFor(get(urlPathEqualTo(path)).atPriority(1).withQueryParam("page", equalTo(Integer.toString(page)))
                .willReturn(aResponse().withStatus(status).withBody("{\"message\":\"status " + status + "\"}")));
    }

    /** Page {@code page} of {@code path} hangs for {@code millis} (then answers 502) until {@link #heal()}. */
    public void hangs(String path, int page, int millis) {
        server.stubFor(get(urlPathEqualTo(path)).atPriority(1).withQueryParam("page", equalTo(Integer.toString(page)))
                .willReturn(aResponse().withStatus(502).withFixedDelay(millis)));
    }

    /** Serves {@code body} at {@code path}'s first page instead of the fixture. */
    public void serves(String path, String body) {
        server.stubFor(get(urlPathMatching(Pattern.quote(path))).atPriority(1).withQueryParam("page", absent())
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** Drops every fault stub (priority 1), keeping the fixture routes. */
    public void heal() {
        server.getStubMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1)
                .toList().forEach(server::removeStub);
    }

    /** A client with short backoffs (4 attempts), built on the worker; captures only serializable values. */
    public GitHubClients clients() {
        String api = baseUri().toString();
        String pem = TestKeys.pkcs1Pem();
        return () -> new GitHubAppClient(new GitHubAppSettings(APP_ID, pem, URI.create(api)), Clock.systemUTC(),
                new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50)), Sleeper.REAL);
    }

    public static JsonNode read(String testdata) {
        try {
            return JSON.readTree(bytes(testdata));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String testdata) {
        return Testdata.bytes(testdata);
    }

    @Override
    public void close() {
        server.stop();
    }
}
