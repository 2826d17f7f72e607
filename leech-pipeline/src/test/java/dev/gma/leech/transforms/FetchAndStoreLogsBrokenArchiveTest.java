package dev.gma.leech.transforms;

import static dev.gma.leech.GitHubLogsStub.zipOfLogs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.github.RawArchiveServer;
import dev.gma.leech.GitHubLogsStub;
import dev.gma.leech.model.LeechStatus;
import dev.gma.leech.model.Outcome;
import dev.gma.leech.model.WorkflowRunJob;
import dev.gma.leech.store.ArchiveStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An archive host that hangs up halfway through a multi-megabyte archive (several buffers of the
 * overlapped copy already written): the run is a FAILURE with a dead letter, never a SUCCESS, and
 * the bucket holds neither the object nor a temporary one, so the next launch tries again.
 */
public class FetchAndStoreLogsBrokenArchiveTest {

    private static final byte[] ZIP = zipOfLogs(8, 6_000_000);

    @Rule public final transient TestPipeline pipeline = TestPipeline.create();
    @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

    private final transient GitHubLogsStub github = new GitHubLogsStub();

    @After
    public void stop() {
        github.close();
    }

    @Test(timeout = 120_000)
    public void anArchiveCutOffMidwayIsAFailureAndLeavesNothingInTheBucket() throws Exception {
        try (RawArchiveServer archive = RawArchiveServer.truncating(ZIP, ZIP.length / 2)) {
            github.redirectsTo(8, archive.uri("/blob/8/logs.zip?sig=x"));
            Path bucket = folder.newFolder("bucket").toPath();

            PCollectionTuple fetched = pipeline.apply(Create.of(job(8)).withCoder(SerializableCoder.of(WorkflowRunJob.class)))
                    .apply(new FetchAndStoreLogs(github.clients(), new ArchiveStore(bucket.toString())));

            PAssert.that(fetched.get(FetchAndStoreLogs.STATUS)).satisfies(statuses -> {
                assertThat(statuses).singleElement().satisfies(status -> {
                    assertThat(status.status()).isEqualTo(Outcome.FAILURE);
                    assertThat(status.error()).contains("truncated").contains(String.valueOf(ZIP.length));
                    assertThat(status.logsUri()).isNull();
                    assertThat(status.sha256()).isNull();
                });
                return null;
            });
            PAssert.that(fetched.get(FetchAndStoreLogs.DEAD_LETTERS)).satisfies(letters -> {
                assertThat(letters).singleElement().satisfies(letter -> assertThat(letter.deliveryId()).isEqualTo("d8"));
                return null;
            });
            pipeline.run().waitUntilFinish();

            assertThat(archive.requests()).isEqualTo(1);
            try (Stream<Path> files = Files.walk(bucket)) {
                assertThat(files.filter(Files::isRegularFile)).as("no object, no temporary").isEmpty();
            }
        }
    }

    private static WorkflowRunJob job(int runId) {
        return new WorkflowRunJob("d" + runId, 1, GitHubLogsStub.OWNER, GitHubLogsStub.REPO, runId, 1, 43215678,
                "monalisa", "https://github.com/octo-org/hello-world/actions/runs/" + runId);
    }
}
