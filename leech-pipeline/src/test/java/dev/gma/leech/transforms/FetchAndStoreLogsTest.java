package dev.gma.leech.transforms;

import static dev.gma.leech.GitHubLogsStub.sha256;
import static dev.gma.leech.GitHubLogsStub.zipOfLogs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.leech.GitHubLogsStub;
import dev.gma.leech.LeechMetrics;
import dev.gma.leech.model.LeechStatus;
import dev.gma.leech.model.Outcome;
import dev.gma.leech.model.WorkflowRunJob;
import dev.gma.leech.store.ArchiveStore;
import dev.gma.pipeline.metrics.CounterTotals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FetchAndStoreLogsTest {

    private static final byte[] ZIP_1 = zipOfLogs(1, 200_000);
    private static final byte[] ZIP_4 = zipOfLogs(4, 1_000);
    private static final byte[] ZIP_5 = zipOfLogs(5, 1_000);

    @Rule public final transient TestPipeline pipeline = TestPipeline.create();
    @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

    private final transient GitHubLogsStub github = new GitHubLogsStub();

    @After
    public void stop() {
        github.close();
    }

    @Test
    public void eachAnswerOfGitHubBecomesTheRightStatus() throws Exception {
        github.redirectsToArchive(1, ZIP_1);
        github.answers(2, 404);
        github.answers(3, 410);
        github.failsOnceThenRedirects(4, 500, "Content-Type", "text/plain", ZIP_4);
        github.failsOnceThenRedirects(5, 429, "retry-after", "1", ZIP_5);
        github.answers(6, 403);
        Path bucket = folder.newFolder("bucket").toPath();
        String root = bucket.toString();

        PCollectionTuple fetched = pipeline.apply(Create.of(Stream.of(1, 2, 3, 4, 5, 6).map(FetchAndStoreLogsTest::job)
                        .toList()).withCoder(SerializableCoder.of(WorkflowRunJob.class)))
                .apply(new FetchAndStoreLogs(github.clients(), new ArchiveStore(bucket.toString())));

        PAssert.that(fetched.get(FetchAndStoreLogs.STATUS)).satisfies(statuses -> {
            Map<String, LeechStatus> byId = StreamSupport.stream(statuses.spliterator(), false)
                    .collect(Collectors.toMap(LeechStatus::deliveryId, s -> s));
            assertThat(byId).hasSize(6);
            assertSuccess(byId.get("d1"), root, 1, ZIP_1);
            assertThat(byId.get("d2").status()).isEqualTo(Outcome.NOT_FOUND);
            assertThat(byId.get("d3").status()).isEqualTo(Outcome.NOT_FOUND);
            assertSuccess(byId.get("d4"), root, 4, ZIP_4);
            assertSuccess(byId.get("d5"), root, 5, ZIP_5);
            LeechStatus forbidden = byId.get("d6");
            assertThat(forbidden.status()).isEqualTo(Outcome.FAILURE);
            assertThat(forbidden.error()).contains("403");
            assertThat(forbidden.attempt()).isEqualTo(2);
            assertThat(forbidden.logsUri()).isNull();
            return null;
        });
        PAssert.that(fetched.get(FetchAndStoreLogs.DEAD_LETTERS)).satisfies(letters -> {
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.deliveryId()).isEqualTo("d6");
                assertThat(letter.step()).isEqualTo("Fetch and store logs");
                assertThat(letter.input()).contains("runId=6");
            });
            return null;
        });
        PipelineResult result = pipeline.run();
        result.waitUntilFinish();

        // The step's Beam counters: 3 logs copied with their bytes, 2 skipped (gone from GitHub), 1 failed.
        assertThat(CounterTotals.inStep(result, LeechMetrics.NAMESPACE, LeechMetrics.NAMES, FetchAndStoreLogs.STEP))
                .containsEntry("success", 3L).containsEntry("not_found", 2L).containsEntry("failure", 1L)
                .containsEntry("dead_letters", 1L)
                .containsEntry("bytes_copied", (long) (ZIP_1.length + ZIP_4.length + ZIP_5.length));
        assertThat(github.logRequests(4)).as("500 retried inside the step").isEqualTo(2);
        assertThat(github.logRequests(5)).as("429 retried after retry-after").isEqualTo(2);
        assertThat(Files.readAllBytes(bucket.resolve("octo-org/hello-world/1/1/logs.zip"))).isEqualTo(ZIP_1);
        assertThat(Files.readAllBytes(bucket.resolve("octo-org/hello-world/5/1/logs.zip"))).isEqualTo(ZIP_5);
        try (Stream<Path> files = Files.walk(bucket)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> bucket.relativize(p).toString()))
                    .as("no temporary file left behind")
                    .containsExactlyInAnyOrder("octo-org/hello-world/1/1/logs.zip", "octo-org/hello-world/4/1/logs.zip",
                            "octo-org/hello-world/5/1/logs.zip");
        }
    }

    private static void assertSuccess(LeechStatus status, String root, int runId, byte[] archive) {
        assertThat(status.status()).isEqualTo(Outcome.SUCCESS);
        assertThat(status.logsUri()).isEqualTo(root + "/octo-org/hello-world/" + runId + "/1/logs.zip");
        assertThat(status.bytes()).isEqualTo(archive.length);
        assertThat(status.sha256()).isEqualTo(sha256(archive));
        assertThat(status.repositorySlug()).isEqualTo("octo-org/hello-world");
    }

    private static WorkflowRunJob job(int runId) {
        return new WorkflowRunJob("d" + runId, runId == 6 ? 2 : 1, "octo-org", "hello-world", runId, 1, 43215678,
                "monalisa", "https://github.com/octo-org/hello-world/actions/runs/" + runId);
    }
}
