package dev.gma.leech.transforms;

import static dev.gma.leech.WorkflowRunPayloads.completedRun;
import static dev.gma.leech.WorkflowRunPayloads.edit;
import static dev.gma.leech.WorkflowRunPayloads.pending;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gma.leech.LeechMetrics;
import dev.gma.leech.WorkflowRunPayloads;
import dev.gma.leech.model.DeadLetter;
import dev.gma.leech.model.LeechStatus;
import dev.gma.leech.model.Outcome;
import dev.gma.leech.model.PendingEvent;
import dev.gma.leech.model.WorkflowRunJob;
import dev.gma.pipeline.metrics.CounterTotals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ParseWorkflowRunsTest {

    @Rule public final transient TestPipeline pipeline = TestPipeline.create();
    @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void completedRunsBecomeJobsAndBrokenPayloadsBecomeFailuresWithDeadLetters() throws Exception {
        Path claimChecked = folder.newFile("claim-checked.json").toPath();
        Files.writeString(claimChecked, completedRun(9));
        List<PendingEvent> events = List.of(
                new PendingEvent("claim-checked", null, claimChecked.toUri().toString(), 1), // as the webhook writes it
                pending("good", completedRun(7)),
                new PendingEvent("retried", completedRun(8), null, 3),
                pending("no-installation", edit(p -> p.remove("installation"))),
                pending("no-run", edit(p -> p.remove("workflow_run"))),
                pending("not-json", "{\"workflow_run\": "),
                pending("escaping-name", edit(p -> ((ObjectNode) p.get("repository")).put("name", ".."))),
                pending("no-payload", null),
                pending("requested", WorkflowRunPayloads.requestedRun()));

        PCollectionTuple parsed = pipeline.apply(Create.of(events).withCoder(SerializableCoder.of(PendingEvent.class)))
                .apply(new ParseWorkflowRuns());

        PAssert.that(parsed.get(ParseWorkflowRuns.RUNS)).containsInAnyOrder(
                new WorkflowRunJob("good", 1, "octo-org", "hello-world", 7, 1, 43215678, "monalisa",
                        "https://github.com/octo-org/hello-world/actions/runs/30433642"),
                new WorkflowRunJob("claim-checked", 1, "octo-org", "hello-world", 9, 1, 43215678, "monalisa",
                        "https://github.com/octo-org/hello-world/actions/runs/30433642"),
                new WorkflowRunJob("retried", 3, "octo-org", "hello-world", 8, 1, 43215678, "monalisa",
                        "https://github.com/octo-org/hello-world/actions/runs/30433642"));
        PAssert.that(parsed.get(ParseWorkflowRuns.FAILED)).satisfies(statuses -> {
            assertThat(statuses).extracting(LeechStatus::deliveryId).containsExactlyInAnyOrder(
                    "no-installation", "no-run", "not-json", "escaping-name", "no-payload");
            assertThat(statuses).allSatisfy(s -> {
                assertThat(s.status()).isEqualTo(Outcome.FAILURE);
                assertThat(s.attempt()).isEqualTo(1);
                assertThat(s.error()).startsWith("cannot read the workflow_run payload");
            });
            assertThat(errorOf(statuses, "no-installation")).contains("'installation'");
            assertThat(errorOf(statuses, "escaping-name")).contains("repository.name");
            return null;
        });
        PAssert.that(parsed.get(ParseWorkflowRuns.DEAD_LETTERS)).satisfies(letters -> {
            assertThat(letters).extracting(DeadLetter::deliveryId).containsExactlyInAnyOrder(
                    "no-installation", "no-run", "not-json", "escaping-name", "no-payload");
            assertThat(letters).allSatisfy(l -> assertThat(l.step()).isEqualTo("Parse workflow runs"));
            assertThat(letters).filteredOn(l -> l.deliveryId().equals("not-json"))
                    .extracting(DeadLetter::input).containsExactly("{\"workflow_run\": ");
            return null;
        });
        PipelineResult result = pipeline.run();
        result.waitUntilFinish();

        // One run not completed yet (skipped until it is), five unreadable payloads failed and dead-lettered.
        assertThat(CounterTotals.inStep(result, LeechMetrics.NAMESPACE, LeechMetrics.NAMES, ParseWorkflowRuns.STEP))
                .containsEntry("runs_not_completed", 1L).containsEntry("failure", 5L).containsEntry("dead_letters", 5L)
                .containsEntry("success", 0L);
    }

    private static String errorOf(Iterable<LeechStatus> statuses, String deliveryId) {
        return StreamSupport.stream(statuses.spliterator(), false)
                .filter(s -> s.deliveryId().equals(deliveryId)).findFirst().orElseThrow().error();
    }
}
