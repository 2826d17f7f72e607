package dev.gma.leech;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.gma.github.GitHubAppClient;
import dev.gma.github.GitHubAppSettings;
import dev.gma.github.RetryPolicy;
import dev.gma.github.Sleeper;
import dev.gma.github.TestKeys;
import dev.gma.pipeline.github.GitHubClients;
import dev.gma.testing.Testdata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A GitHub fake on a free loopback port serving what the leech pipeline asks for: installation
 * tokens, and per run the logs endpoint answering as the test decides (302 to a zip, 404, 410,
 * 500 then 302, 429 with retry-after then 302, 403).
 */
public final class GitHubLogsStub implements AutoCloseable {

    public static final String OWNER = "octo-org";
    public static final String REPO = "hello-world";

    private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    public GitHubLogsStub() {
        server.start();
        server.stubFor(post(urlPathEqualTo("/app/installations/43215678/access_tokens")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(Testdata.bytes("leech/installation-token.json"))));
    }

    public URI baseUri() {
        return URI.create(server.baseUrl());
    }

    public static String logsPath(long runId) {
        return "/repos/" + OWNER + "/" + REPO + "/actions/runs/" + runId + "/attempts/1/logs";
    }

    /** 302 to a zip of {@code archive}. */
    public void redirectsToArchive(long runId, byte[] archive) {
        server.stubFor(get(urlEqualTo(logsPath(runId))).willReturn(redirect(runId)));
        serveArchive(runId, archive);
    }

    public void answers(long runId, int status) {
        server.stubFor(get(urlEqualTo(logsPath(runId))).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"status " + status + "\"}")));
    }

    /** First {@code status} (with the headers GitHub sends for it), then a 302 to the archive. */
    public void failsOnceThenRedirects(long runId, int status, String header, String value, byte[] archive) {
        String scenario = "run-" + runId;
        server.stubFor(get(urlEqualTo(logsPath(runId))).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("failed once")
                .willReturn(aResponse().withStatus(status).withHeader(header, value)));
        server.stubFor(get(urlEqualTo(logsPath(runId))).inScenario(scenario)
                .whenScenarioStateIs("failed once").willReturn(redirect(runId)));
        serveArchive(runId, archive);
    }

    /** 302 to {@code archive}, an address outside this stub (a host that misbehaves). */
    public void redirectsTo(long runId, URI archive) {
        server.stubFor(get(urlEqualTo(logsPath(runId))).willReturn(aResponse().withStatus(302)
                .withHeader("Location", archive.toString())));
    }

    public int logRequests(long runId) {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo(logsPath(runId))).build()).getCount();
    }

    public int archiveRequests() {
        return server.findAll(getRequestedFor(urlMatching("/blob/.*"))).size();
    }

    private ResponseDefinitionBuilder redirect(long runId) {
        return aResponse().withStatus(302).withHeader("Location", server.baseUrl() + "/blob/" + runId + "/logs.zip?sig=x");
    }

    private void serveArchive(long runId, byte[] archive) {
        server.stubFor(get(urlPathEqualTo("/blob/" + runId + "/logs.zip")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/zip").withBody(archive)));
    }

    /** A client with short backoffs, built on the worker; captures only serializable values. */
    public GitHubClients clients() {
        return clients(baseUri().toString());
    }

    private static GitHubClients clients(String api) {
        String pem = TestKeys.pkcs1Pem();
        return () -> new GitHubAppClient(new GitHubAppSettings(1, pem, URI.create(api)), Clock.systemUTC(),
                new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50)), Sleeper.REAL);
    }

    /** A real zip archive of about {@code size} bytes of log text, the same for the same seed. */
    public static byte[] zipOfLogs(int seed, int size) {
        Random random = new Random(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("build/1_Run tests.txt"));
            StringBuilder line = new StringBuilder();
            for (int written = 0; written < size; written += line.length()) {
                line.setLength(0);
                line.append("2026-11-28T00:00:00.0000000Z step ").append(random.nextInt()).append('\n');
                zip.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
