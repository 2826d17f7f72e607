package dev.gma.leech.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.leech.LocalStore;
import dev.gma.leech.model.LeechStatus;
import dev.gma.leech.model.Outcome;
import dev.gma.leech.model.PendingEvent;
import dev.gma.leech.model.WorkflowRunJob;
import dev.gma.leech.options.LeechConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WriteStatusTest {

    private static final Instant AT = Instant.parse("2026-11-28T01:02:03.456789Z");
    private static final WorkflowRunJob JOB = new WorkflowRunJob("d1", 2, "octo-org", "hello-world", 9, 1, 5,
            "monalisa", "https://github.com/octo-org/hello-world/actions/runs/9");

    @Rule public final transient TestPipeline pipeline = TestPipeline.create();
    @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void everyOutcomeIsOneRowInTheLocalStore() throws Exception {
        Path dataDir = folder.newFolder("data").toPath();
        LeechConfig config = new LeechConfig(false, dataDir, dataDir.resolve("bucket").toString(), 10, 3, 90, null, null);
        List<LeechStatus> statuses = List.of(
                LeechStatus.success(JOB, AT, "/b/octo-org/hello-world/9/1/logs.zip", 42, "ab"),
                LeechStatus.notFound(JOB, AT, "410"),
                LeechStatus.failure(JOB, AT, "GitHubApiException: 403"),
                LeechStatus.unreadable(new PendingEvent("d2", "{", null, 1), AT, "not JSON"));

        PCollection<LeechStatus> written = pipeline.apply(Create.of(statuses)
                        .withCoder(SerializableCoder.of(LeechStatus.class)))
                .apply(new WriteStatus(config)).get(WriteStatus.WRITTEN);
        PAssert.that(written).containsInAnyOrder(statuses);
        pipeline.run().waitUntilFinish();

        assertThat(new LocalStore(dataDir).statuses()).containsExactlyInAnyOrder(
                "d1 SUCCESS 2", "d1 NOT_FOUND 2", "d1 FAILURE 2", "d2 FAILURE 1");
    }

    @Test
    public void bigQueryRowsCarryTheSchemaNamesAndLeaveNullsOut() {
        var row = WriteStatus.row(LeechStatus.success(JOB, AT, "gs://b/o/r/9/1/logs.zip", 42, "ab"));
        assertThat(row).containsEntry("delivery_id", "d1").containsEntry("status", "SUCCESS")
                .containsEntry("processed_at", "2026-11-28T01:02:03.456789Z").containsEntry("bytes", 42L)
                .containsEntry("repository_slug", "octo-org/hello-world").containsEntry("attempt", 2)
                .doesNotContainKey("error");
        pipeline.run();
    }
}
