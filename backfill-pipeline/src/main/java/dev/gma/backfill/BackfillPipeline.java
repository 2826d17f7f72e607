package dev.gma.backfill;

import dev.gma.pipeline.github.GitHubClients;
import dev.gma.backfill.model.DeadLetter;
import dev.gma.backfill.model.RepoStatus;
import dev.gma.backfill.options.BackfillConfig;
import dev.gma.backfill.options.BackfillOptions;
import dev.gma.backfill.store.BackfillStore;
import dev.gma.backfill.store.BigQueryBackfillStore;
import dev.gma.backfill.store.SqliteBackfillStore;
import dev.gma.backfill.transforms.DiscoverRepositories;
import dev.gma.backfill.transforms.ImportHistory;
import dev.gma.backfill.transforms.WriteDeadLetters;
import dev.gma.backfill.transforms.WriteStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Imports GitHub history as webhook-shaped events: discover repositories → (spread) → read history
 * and write events page by page with a checkpoint → write status, with failures to dead letters.
 * {@code main} only parses and checks the settings; {@link #build} lays out the steps.
 */
public final class BackfillPipeline {

    private static final DateTimeFormatter LAUNCH = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What a launch produced, for tests and the summary. */
    public record Outputs(PCollection<RepoStatus> statuses, PCollection<String> deadLetters) {}

    private BackfillPipeline() {}

    public static void main(String[] args) {
        PipelineOptionsFactory.register(BackfillOptions.class);
        BackfillConfig config;
        BackfillOptions options;
        try {
            options = PipelineOptionsFactory.fromArgs(args).withValidation().as(BackfillOptions.class);
            config = BackfillConfig.from(options, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options, config, GitHubClients.of(config.github()), store(config)));
    }

    /**
     * Runs one launch to the end and prints its summary: 0 when the pipeline finished (whatever
     * each repository's outcome: see backfill_status), 1 when it failed as a whole.
     */
    public static int run(BackfillOptions options, BackfillConfig config, GitHubClients clients,
                          BackfillStore.Factory store) {
        Pipeline pipeline = Pipeline.create(options);
        System.out.println("backfill: since=" + config.since() + " mode=" + (config.gcp() ? "gcp" : "local")
                + (config.gcp() ? "" : " store=" + config.dataDir().resolve("gma.db"))
                + " repositories=" + (config.repositories().isEmpty() ? "all" : String.join(",", config.repositories())));
        build(pipeline, config, clients, store, Instant.now());
        try {
            PipelineResult result = pipeline.run();
            PipelineResult.State state = result.waitUntilFinish();
            System.out.println(Summary.of(result, state, config));
            return state == PipelineResult.State.DONE ? 0 : 1;
        } catch (RuntimeException e) { // the DirectRunner rethrows a step's failure from run()
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.out.println("backfill: state=FAILED mode=" + (config.gcp() ? "gcp" : "local") + " error=" + cause);
            return 1;
        }
    }

    public static Outputs build(Pipeline pipeline, BackfillConfig config, GitHubClients clients,
                                BackfillStore.Factory store, Instant start) {
        Instant deadline = start.plus(config.maxRun());
        String launch = LAUNCH.format(start);
        PCollectionTuple discovered = pipeline
                .apply("Launch", Create.of(launch).withCoder(StringUtf8Coder.of()))
                .apply("Discover repositories", new DiscoverRepositories(clients, config.repositories(),
                        config.since().toString(), deadline));
        PCollectionTuple imported = discovered.get(DiscoverRepositories.REPOSITORIES)
                .apply("Spread repositories", Reshuffle.viaRandomKey())
                .apply("Read history and write events", new ImportHistory(clients, store, config.since(),
                        config.restart(), deadline));
        PCollection<RepoStatus> statuses = PCollectionList.of(discovered.get(DiscoverRepositories.STATUS))
                .and(imported.get(ImportHistory.STATUS))
                .apply("All statuses", Flatten.pCollections())
                .apply("Write status", new WriteStatus(config));
        PCollection<DeadLetter> letters = PCollectionList.of(discovered.get(DiscoverRepositories.DEAD_LETTERS))
                .and(imported.get(ImportHistory.DEAD_LETTERS))
                .apply("All dead letters", Flatten.pCollections());
        PCollection<String> written = letters.apply("Write dead letters",
                new WriteDeadLetters(config.bucketRoot(), launch));
        return new Outputs(statuses, written);
    }

    static BackfillStore.Factory store(BackfillConfig config) {
        return config.gcp() ? BigQueryBackfillStore.factory(config.tables()) : SqliteBackfillStore.factory(config.dataDir());
    }
}
