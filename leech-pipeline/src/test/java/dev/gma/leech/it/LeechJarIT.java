package dev.gma.leech.it;

import static dev.gma.leech.GitHubLogsStub.sha256;
import static dev.gma.leech.GitHubLogsStub.zipOfLogs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.github.TestKeys;
import dev.gma.leech.GitHubLogsStub;
import dev.gma.leech.LocalStore;
import dev.gma.leech.WorkflowRunPayloads;
import dev.gma.testing.JarProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two packaged jars as an operator runs them: the webhook service stores signed
 * workflow_run deliveries, then {@code java -jar leech-pipeline.jar} copies their logs from a
 * GitHub fake, writes the statuses, and a second launch finds nothing to do.
 */
class LeechJarIT {

    private static final Path LEECH = Path.of("target", "leech-pipeline.jar");
    private static final Path WEBHOOK = Path.of("..", "webhook-service", "target", "webhook-service.jar");
    private static final String SECRET = "leech-it-secret";
    private static final byte[] ZIP_1 = zipOfLogs(1, 300_000);
    private static final byte[] ZIP_4 = zipOfLogs(4, 2_000);
    private static final byte[] ZIP_5 = zipOfLogs(5, 2_000);

    @TempDir Path dataDir;

    @Test
    void copiesEveryCompletedRunOnceAndASecondLaunchIsANoOp() throws Exception {
        storeDeliveriesThroughTheWebhookService();
        try (GitHubLogsStub github = new GitHubLogsStub()) {
            github.redirectsToArchive(1, ZIP_1);
            github.answers(2, 404);
            github.answers(3, 410);
            github.failsOnceThenRedirects(4, 500, "Content-Type", "text/plain", ZIP_4);
            github.failsOnceThenRedirects(5, 429, "retry-after", "1", ZIP_5);

            String first = launch(github);
            assertThat(first).contains("state=DONE", "runs_read=6", "success=3", "not_found=2", "failure=1",
                    "dead_letters=1", "bytes_copied=" + (ZIP_1.length + ZIP_4.length + ZIP_5.length));
            assertArchive(1, ZIP_1);
            assertArchive(4, ZIP_4);
            assertArchive(5, ZIP_5);
            assertThat(new LocalStore(dataDir).statuses()).containsExactlyInAnyOrder("run-1 SUCCESS 1",
                    "run-2 NOT_FOUND 1", "run-3 NOT_FOUND 1", "run-4 SUCCESS 1", "run-5 SUCCESS 1",
                    "no-installation FAILURE 1");
            try (var letters = Files.list(dataDir.resolve("bucket/dead-letter/no-installation"))) {
                assertThat(letters).singleElement().satisfies(letter ->
                        assertThat(Files.readString(letter)).contains("no 'installation' object"));
            }
            int downloads = github.archiveRequests();

            String second = launch(github);
            assertThat(second).contains("state=DONE", "runs_read=0", "success=0");
            assertThat(github.archiveRequests()).as("no new download").isEqualTo(downloads);
            assertThat(new LocalStore(dataDir).statuses()).hasSize(6);
        }
    }

    private String launch(GitHubLogsStub github) throws Exception {
        try (JarProcess leech = JarProcess.start(LEECH, Map.of("GMA_DATA_DIR", dataDir.toString(),
                "GITHUB_APP_ID", "1", "GITHUB_PRIVATE_KEY", TestKeys.pkcs1Pem(),
                "GITHUB_API_BASE_URL", github.baseUri().toString(), "MAX_ATTEMPTS", "1"), List.of("-Xmx256m"))) {
            int exit = leech.awaitExit(Duration.ofSeconds(120));
            assertThat(exit).as(leech.output()).isZero();
            assertThat(leech.output()).doesNotContain("BEGIN RSA PRIVATE KEY");
            return leech.output();
        }
    }

    private void assertArchive(long runId, byte[] archive) throws Exception {
        Path file = dataDir.resolve("bucket/octo-org/hello-world/" + runId + "/1/logs.zip");
        assertThat(Files.readAllBytes(file)).isEqualTo(archive);
        assertThat(sha256(Files.readAllBytes(file))).isEqualTo(sha256(archive));
    }

    private void storeDeliveriesThroughTheWebhookService() throws Exception {
        try (JarProcess webhook = JarProcess.start(WEBHOOK, Map.of("GMA_DATA_DIR", dataDir.toString(),
                "GITHUB_WEBHOOK_SECRET", SECRET), List.of())) {
            webhook.awaitHealthy(Duration.ofSeconds(60));
            for (int run = 1; run <= 5; run++) {
                deliver(webhook.baseUri(), "run-" + run, WorkflowRunPayloads.completedRun(run));
            }
            deliver(webhook.baseUri(), "run-1", WorkflowRunPayloads.completedRun(1)); // GitHub redelivered it
            deliver(webhook.baseUri(), "no-installation", WorkflowRunPayloads.edit(p -> p.remove("installation")));
            deliver(webhook.baseUri(), "requested", WorkflowRunPayloads.requestedRun());
        }
    }

    private static void deliver(URI base, String deliveryId, String payload) throws Exception {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/webhook"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "workflow_run")
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }
}
