package dev.gma.leech.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.ErrorProto;
import com.google.api.services.bigquery.model.TableDataInsertAllResponse;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import dev.gma.leech.LeechMetrics;
import dev.gma.leech.model.DeadLetter;
import dev.gma.leech.options.LeechConfig;
import dev.gma.leech.store.ArchiveStore;
import dev.gma.pipeline.metrics.CounterTotals;
import dev.gma.testing.Testdata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryInsertErrorCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Rows BigQuery refused for good (testdata/leech/refused-status-rows.json, as BigQueryIO's failed
 * inserts hand them back) become dead letters in the bucket, are counted and logged without the
 * rows' values, and the GCP write wires its failed inserts into this step.
 */
public class RefusedStatusRowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Rule public final transient TestPipeline pipeline = TestPipeline.create();
    @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void eachRefusedRowIsCountedAndDeadLetteredWholeInTheBucket() throws Exception {
        Path bucket = folder.newFolder("bucket").toPath();
        PCollection<DeadLetter> letters = pipeline
                .apply(Create.of(fixtures()).withCoder(BigQueryInsertErrorCoder.of()))
                .apply(new RefusedStatusRows());
        PAssert.that(letters).satisfies(all -> {
            assertThat(all).extracting(DeadLetter::deliveryId).containsExactlyInAnyOrder(
                    "72d3162e-cc78-11e3-81ab-4c9367dc0958", "9a1b4c3e-cc78-11e3-81ab-4c9367dc0958", "unknown");
            assertThat(all).allSatisfy(l -> {
                assertThat(l.step()).isEqualTo("Write status");
                assertThat(l.error()).startsWith("refused by BigQuery (github_metrics.leech_status): invalid at ");
            });
            assertThat(all).filteredOn(l -> l.deliveryId().startsWith("72d3"))
                    .singleElement().satisfies(l -> {
                        assertThat(l.error()).contains("no such field: retired_column.");
                        assertThat(l.input()).contains("\"retired_column\":\"x\"", "\"sha256\":\"ab\"", "\"bytes\":42");
                    });
            return null;
        });
        PCollection<String> files = letters.apply(new WriteDeadLetters(new ArchiveStore(bucket.toString()),
                "20261128T010203Z-status-refused"));
        PAssert.that(files).satisfies(uris -> {
            assertThat(uris).hasSize(3);
            return null;
        });
        PipelineResult result = pipeline.run();
        result.waitUntilFinish();

        assertThat(CounterTotals.inStep(result, LeechMetrics.NAMESPACE, LeechMetrics.NAMES, RefusedStatusRows.STEP))
                .containsEntry("rows_refused", 3L).containsEntry("dead_letters", 3L);
        Path letter = bucket.resolve("dead-letter/9a1b4c3e-cc78-11e3-81ab-4c9367dc0958/20261128T010203Z-status-refused.json");
        JsonNode written = JSON.readTree(Files.readString(letter));
        assertThat(written.path("step").asText()).isEqualTo("Write status");
        assertThat(written.path("error").asText()).contains("invalid at processed_at", "as a timestamp");
        assertThat(JSON.readTree(written.path("input").asText()).path("attempt").asInt()).isEqualTo(2);
        try (Stream<Path> all = Files.walk(bucket.resolve("dead-letter"))) {
            assertThat(all.filter(Files::isRegularFile)).hasSize(3);
        }
    }

    @Test
    public void theLogLineNamesTheDeliveryAndTheReasonsButNoValueOfTheRow() throws Exception {
        List<BigQueryInsertError> refused = fixtures();
        assertThat(RefusedStatusRows.describe(refused.get(1)))
                .contains("9a1b4c3e-cc78-11e3-81ab-4c9367dc0958", "github_metrics.leech_status",
                        "invalid at processed_at: Could not parse")
                .doesNotContain("Resource not accessible", "403");
        assertThat(RefusedStatusRows.describe(refused.get(0))).doesNotContain("gs://", "monalisa");
        assertThat(RefusedStatusRows.describe(refused.get(2))).contains("delivery unknown", "Missing required field");
        pipeline.run();
    }

    /** GCP mode: the BigQuery write retries only transient errors and its failed inserts reach this step. */
    @Test
    public void theGcpWriteHandsItsFailedInsertsToTheRefusalStep() {
        LeechConfig gcp = new LeechConfig(true, null, "gs://logs", 10, 3, 90, null,
                new LeechConfig.BigQueryTables("p", "github_metrics", "events", "leech_status"));
        Pipeline graph = Pipeline.create(PipelineOptionsFactory.create());
        graph.apply(Create.empty(SerializableCoder.of(dev.gma.leech.model.LeechStatus.class)))
                .apply("Write status", new WriteStatus(gcp));
        List<String> steps = new ArrayList<>();
        graph.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
            @Override
            public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
                steps.add(node.getFullName());
                return CompositeBehavior.ENTER_TRANSFORM;
            }
        });
        assertThat(steps).contains("Write status/Append to BigQuery",
                "Write status/RefusedStatusRows/Refused status rows");
        pipeline.run();
    }

    private static List<BigQueryInsertError> fixtures() throws Exception {
        List<BigQueryInsertError> refused = new ArrayList<>();
        for (JsonNode item : JSON.readTree(Testdata.bytes("leech/refused-status-rows.json"))) {
            TableRow row = new TableRow();
            row.putAll(JSON.convertValue(item.path("row"), Map.class));
            List<ErrorProto> errors = new ArrayList<>();
            for (JsonNode e : item.path("errors")) {
                errors.add(new ErrorProto().setReason(e.path("reason").asText()).setLocation(e.path("location").asText())
                        .setMessage(e.path("message").asText()));
            }
            JsonNode t = item.path("table");
            refused.add(new BigQueryInsertError(row, new TableDataInsertAllResponse.InsertErrors().setIndex(0L)
                    .setErrors(errors), new TableReference().setProjectId(t.path("projectId").asText())
                    .setDatasetId(t.path("datasetId").asText()).setTableId(t.path("tableId").asText())));
        }
        return refused;
    }
}
