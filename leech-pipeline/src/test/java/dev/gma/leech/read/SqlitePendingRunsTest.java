package dev.gma.leech.read;

import static dev.gma.leech.WorkflowRunPayloads.completedRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.leech.LocalStore;
import dev.gma.leech.WorkflowRunPayloads;
import dev.gma.leech.model.Outcome;
import dev.gma.leech.model.PendingEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SqlitePendingRunsTest {

    @Rule public final transient TestPipeline pipeline = TestPipeline.create();
    @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

    private transient Path dataDir;

    @Before
    public void fill() throws Exception {
        dataDir = folder.newFolder("data").toPath();
        LocalStore store = new LocalStore(dataDir);
        store.event("new", "workflow_run", "completed", completedRun(1));
        store.event("twice", "workflow_run", "completed", completedRun(2));
        store.event("twice", "workflow_run", "completed", completedRun(2));
        store.event("requested", "workflow_run", "requested", WorkflowRunPayloads.requestedRun());
        store.event("other-event", "workflow_job", "completed", "{}");
        store.event("copied", "workflow_run", "completed", completedRun(3));
        store.status("copied", Outcome.SUCCESS);
        store.event("expired", "workflow_run", "completed", completedRun(4));
        store.status("expired", Outcome.NOT_FOUND);
        store.event("failed-twice", "workflow_run", "completed", completedRun(5));
        store.status("failed-twice", Outcome.FAILURE);
        store.status("failed-twice", Outcome.FAILURE);
        store.event("given-up", "workflow_run", "completed", completedRun(6));
        for (int i = 0; i < 3; i++) {
            store.status("given-up", Outcome.FAILURE);
        }
    }

    @Test
    public void readsCompletedRunsNotYetHandledOncePerDeliveryWithTheirAttempt() {
        PCollection<PendingEvent> pending = pipeline.apply(
                new ReadPendingRuns(new SqlitePendingRuns(dataDir), 100, 3, Duration.ofDays(90)));

        PAssert.that(pending).satisfies(events -> {
            assertThat(events).extracting(PendingEvent::deliveryId, PendingEvent::attempt)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("new", 1),
                            org.assertj.core.groups.Tuple.tuple("twice", 1),
                            org.assertj.core.groups.Tuple.tuple("failed-twice", 3));
            assertThat(events).allSatisfy(e -> assertThat(e.payload()).contains("\"workflow_run\""));
            return null;
        });
        pipeline.run().waitUntilFinish();
    }

    @Test
    public void batchSizeLimitsARunToTheOldest() throws Exception {
        assertThat(new SqlitePendingRuns(dataDir).read(2, 3, Instant.EPOCH)).extracting(PendingEvent::deliveryId)
                .containsExactly("new", "twice");
        pipeline.run(); // the rule insists on a run in every test
    }

    @Test
    public void onlyEventsReceivedInTheWindowAreReadAndALaunchReadsTheLastLookbackDays() throws Exception {
        LocalStore store = new LocalStore(dataDir);
        Instant now = Instant.now();
        store.event("too-old", "workflow_run", "completed", completedRun(7), now.minus(Duration.ofDays(91)));
        // one copy before the window, a redelivery inside it: the redelivery counts
        store.event("redelivered", "workflow_run", "completed", completedRun(8), now.minus(Duration.ofDays(95)));
        store.event("redelivered", "workflow_run", "completed", completedRun(8), now.minus(Duration.ofDays(89)));

        Instant since = now.minus(Duration.ofDays(90));
        assertThat(new SqlitePendingRuns(dataDir).read(100, 3, since)).extracting(PendingEvent::deliveryId)
                .containsExactly("redelivered", "new", "twice", "failed-twice");
        assertThat(new SqlitePendingRuns(dataDir).read(100, 3, Instant.EPOCH)).extracting(PendingEvent::deliveryId)
                .containsExactly("redelivered", "too-old", "new", "twice", "failed-twice");

        PCollection<PendingEvent> launch = pipeline.apply(
                new ReadPendingRuns(new SqlitePendingRuns(dataDir), 100, 3, Duration.ofDays(90)));
        PAssert.that(launch).satisfies(events -> {
            assertThat(events).extracting(PendingEvent::deliveryId)
                    .containsExactlyInAnyOrder("redelivered", "new", "twice", "failed-twice");
            return null;
        });
        pipeline.run().waitUntilFinish();
    }
}
