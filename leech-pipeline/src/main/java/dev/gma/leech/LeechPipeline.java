package dev.gma.leech;

import dev.gma.pipeline.github.GitHubClients;
import dev.gma.leech.model.DeadLetter;
import dev.gma.leech.model.LeechStatus;
import dev.gma.leech.model.PendingEvent;
import dev.gma.leech.options.DirectRunnerDefaults;
import dev.gma.leech.options.LeechConfig;
import dev.gma.leech.options.LeechOptions;
import dev.gma.leech.read.BigQueryPendingRuns;
import dev.gma.leech.read.PendingRunSource;
import dev.gma.leech.read.ReadPendingRuns;
import dev.gma.leech.read.SqlitePendingRuns;
import dev.gma.leech.store.ArchiveStore;
import dev.gma.leech.transforms.DeduplicateDeliveries;
import dev.gma.leech.transforms.FetchAndStoreLogs;
import dev.gma.leech.transforms.ParseWorkflowRuns;
import dev.gma.leech.transforms.WriteDeadLetters;
import dev.gma.leech.transforms.WriteStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.transforms.Flatten;

/**
 * Copies the logs of completed workflow runs into the bucket: read pending runs → deduplicate →
 * parse → fetch and store → write status, with failures to a dead-letter output. {@code main}
 * only parses and checks the settings; {@link #build} lays out the steps.
 */
public final class LeechPipeline {

    private static final DateTimeFormatter LAUNCH = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What a launch produced, for tests and the summary. */
    public record Outputs(PCollection<LeechStatus> statuses, PCollection<String> deadLetters) {}

    private LeechPipeline() {}

    public static void main(String[] args) {
        PipelineOptionsFactory.register(LeechOptions.class);
        LeechOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(LeechOptions.class);
        DirectRunnerDefaults.apply(options, args);
        LeechConfig config;
        try {
            config = LeechConfig.from(options, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options, config));
    }

    /**
     * Runs one launch to the end and prints its summary; 0 when every run read was handled, 1 when
     * the launch failed as a whole (the store unreachable, say): then nothing was marked handled,
     * and the next launch starts from the same rows.
     */
    public static int run(LeechOptions options, LeechConfig config) {
        Pipeline pipeline = Pipeline.create(options);
        build(pipeline, config, GitHubClients.of(config.github()), source(config));
        try {
            PipelineResult result = pipeline.run();
            PipelineResult.State state = result.waitUntilFinish();
            System.out.println(Summary.of(result, state, config));
            return state == PipelineResult.State.DONE ? 0 : 1;
        } catch (RuntimeException e) { // the DirectRunner rethrows a step's failure from run()
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.out.println("leech: state=FAILED mode=" + (config.gcp() ? "gcp" : "local") + " error=" + cause);
            return 1;
        }
    }

    public static Outputs build(Pipeline pipeline, LeechConfig config, GitHubClients clients,
                                PendingRunSource source) {
        ArchiveStore bucket = new ArchiveStore(config.bucketRoot());
        PCollection<PendingEvent> pending = pipeline
                .apply("Read pending runs", new ReadPendingRuns(source, config.batchSize(), config.maxAttempts(),
                        java.time.Duration.ofDays(config.lookbackDays())))
                .apply("Deduplicate deliveries", new DeduplicateDeliveries());
        PCollectionTuple parsed = pending.apply("Parse workflow runs", new ParseWorkflowRuns());
        PCollectionTuple fetched = parsed.get(ParseWorkflowRuns.RUNS)
                .apply("Fetch and store logs", new FetchAndStoreLogs(clients, bucket));
        PCollectionTuple status = PCollectionList.of(parsed.get(ParseWorkflowRuns.FAILED))
                .and(fetched.get(FetchAndStoreLogs.STATUS))
                .apply("All statuses", Flatten.pCollections())
                .apply("Write status", new WriteStatus(config));
        PCollection<DeadLetter> deadLetters = PCollectionList.of(parsed.get(ParseWorkflowRuns.DEAD_LETTERS))
                .and(fetched.get(FetchAndStoreLogs.DEAD_LETTERS))
                .apply("All dead letters", Flatten.pCollections());
        String launch = LAUNCH.format(Instant.now());
        PCollection<String> failed = deadLetters.apply("Write dead letters", new WriteDeadLetters(bucket, launch));
        // A refused status row may belong to a run dead-lettered above: its own name, never overwriting that one.
        PCollection<String> refused = status.get(WriteStatus.REFUSED)
                .apply("Write refused status rows", new WriteDeadLetters(bucket, launch + "-status-refused"));
        PCollection<String> written = PCollectionList.of(failed).and(refused)
                .apply("All dead letter files", Flatten.pCollections());
        return new Outputs(status.get(WriteStatus.WRITTEN), written);
    }

    static PendingRunSource source(LeechConfig config) {
        return config.gcp() ? new BigQueryPendingRuns(config.tables()) : new SqlitePendingRuns(config.dataDir());
    }
}
