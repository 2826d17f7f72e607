package dev.gma.github;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowRunLogsTest extends GitHubStubTest {

    private static final String LOGS = "/repos/octo-org/hello-world/actions/runs/5/attempts/2/logs";
    private static final String ARCHIVE = "/blob/runs/5/logs.zip";
    private static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
    private static final byte[] ZIP = zip();

    @BeforeEach
    void installationToken() {
        github.stubFor(post(urlEqualTo("/app/installations/123/access_tokens")).willReturn(aResponse()
                .withStatus(201).withBody(Fixtures.read("github/installation-token.json"))));
        github.stubFor(get(urlPathEqualTo(ARCHIVE)).willReturn(aResponse().withStatus(200).withBody(ZIP)
                .withHeader("Content-Type", "application/zip")));
    }

    @Test
    void followsTheRedirectAndStreamsTheArchiveWithoutForwardingTheToken() throws IOException {
        github.stubFor(get(urlEqualTo(LOGS)).willReturn(redirectToArchive()));

        try (LogDownload download = open(); InputStream in = download.body()) {
            assertThat(in.readAllBytes()).isEqualTo(ZIP);
            assertThat(download.contentLength()).isEqualTo(ZIP.length);
        }
        github.verify(getRequestedFor(urlEqualTo(LOGS)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
        github.verify(getRequestedFor(urlPathEqualTo(ARCHIVE)).withHeader("Authorization", absent())
                .withQueryParam("sig", equalTo("s3cr3t")));
        assertThat(client.requestCount()).as("token, logs, archive").isEqualTo(3);
    }

    @Test
    void expiredLogsAreNotFoundWithTheirStatus() {
        github.stubFor(get(urlEqualTo(LOGS)).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.status()).isEqualTo(404));

        github.stubFor(get(urlEqualTo(LOGS)).willReturn(aResponse().withStatus(410)));
        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.status()).isEqualTo(410));
    }

    @Test
    void aServerErrorBeforeTheRedirectIsRetried() throws IOException {
        answerFirst(LOGS, aResponse().withStatus(500), redirectToArchive());

        try (LogDownload download = open()) {
            assertThat(download.body().readAllBytes()).isEqualTo(ZIP);
        }
        assertThat(waits).hasSize(1);
    }

    @Test
    void theDownloadHopFollowsTheSamePolicy() throws IOException {
        github.stubFor(get(urlEqualTo(LOGS)).willReturn(redirectToArchive()));
        answerFirst(ARCHIVE + "?sig=s3cr3t", aResponse().withStatus(503),
                aResponse().withStatus(200).withBody(ZIP));

        try (LogDownload download = open()) {
            assertThat(download.body().readAllBytes()).isEqualTo(ZIP);
        }
        assertThat(waits).hasSize(1);
    }

    @Test
    void aRefusedInstallationTokenIsRenewedOnce() throws IOException {
        answerFirst(LOGS, aResponse().withStatus(401), redirectToArchive());

        try (LogDownload download = open()) {
            assertThat(download.body().readAllBytes()).isEqualTo(ZIP);
        }
        github.verify(2, postRequestedFor(urlEqualTo("/app/installations/123/access_tokens")));
    }

    @Test
    void aTruncatedArchiveNeverReadsAsTheWholeOfItsContentLength() throws IOException {
        try (RawArchiveServer archive = RawArchiveServer.truncating(ZIP, ZIP.length / 2)) {
            github.stubFor(get(urlEqualTo(LOGS)).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", archive.uri(ARCHIVE + "?sig=s3cr3t").toString())));

            try (LogDownload download = open(); InputStream in = download.body()) {
                assertThat(download.contentLength()).isEqualTo(ZIP.length);
                long read;
                try {
                    read = in.readAllBytes().length;
                } catch (IOException dropped) {
                    read = -1;
                }
                assertThat(read).as("short or failed, so the caller can refuse it").isLessThan(ZIP.length);
            }
        }
    }

    @Test
    void aStalledArchiveFailsAtTheRequestTimeoutInsteadOfHanging() throws IOException {
        try (RawArchiveServer archive = RawArchiveServer.stalling(ZIP, 1000)) {
            github.stubFor(get(urlEqualTo(LOGS)).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", archive.uri(ARCHIVE).toString())));
            Instant deadline = NOW.plusSeconds(2); // the fixed clock leaves every request 2 s

            long started = System.nanoTime();
            try (LogDownload download = client.openWorkflowRunLogs("octo-org", "hello-world", 5, 2, 123, deadline);
                 InputStream in = download.body()) {
                assertThatThrownBy(in::readAllBytes).isInstanceOf(SocketTimeoutException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        }
    }

    private LogDownload open() {
        return client.openWorkflowRunLogs("octo-org", "hello-world", 5, 2, 123, FAR_DEADLINE);
    }

    private static ResponseDefinitionBuilder redirectToArchive() {
        return aResponse().withStatus(302).withHeader("Location", github.baseUrl() + ARCHIVE + "?sig=s3cr3t");
    }

    private static void answerFirst(String url, ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
        github.stubFor(get(urlEqualTo(url)).inScenario(url).whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("recovered").willReturn(first));
        github.stubFor(get(urlEqualTo(url)).inScenario(url).whenScenarioStateIs("recovered").willReturn(then));
    }

    /** A real zip of a few hundred kB of incompressible "log". */
    private static byte[] zip() {
        byte[] log = new byte[300_000];
        new Random(3).nextBytes(log);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("build/1_Set up job.txt"));
            zip.write(log);
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
