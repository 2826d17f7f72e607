package dev.gma.leech.transforms;

import dev.gma.github.GitHubAppClient;
import dev.gma.github.LogDownload;
import dev.gma.github.NotFoundException;
import dev.gma.leech.LeechMetrics;
import dev.gma.pipeline.github.GitHubClients;
import dev.gma.leech.model.DeadLetter;
import dev.gma.leech.model.LeechStatus;
import dev.gma.leech.model.WorkflowRunJob;
import dev.gma.leech.store.ArchiveStore;
import dev.gma.leech.store.StoredArchive;
import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Step 3, "Fetch and store logs": each run's archive streamed from GitHub into the bucket. The
 * client retries rate limits and 5xx with bounded backoff inside the step; what still fails is a
 * FAILURE status plus a dead letter, never an exception that would fail the whole pipeline.
 */
public final class FetchAndStoreLogs extends PTransform<PCollection<WorkflowRunJob>, PCollectionTuple> {

    public static final TupleTag<LeechStatus> STATUS = new TupleTag<>() {};
    public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

    static final String STEP = "Fetch and store logs";

    /** How long one archive may take, waits for rate limits included. */
    private static final Duration PER_RUN_BUDGET = Duration.ofMinutes(15);

    private final GitHubClients clients;
    private final ArchiveStore store;

    public FetchAndStoreLogs(GitHubClients clients, ArchiveStore store) {
        this.clients = clients;
        this.store = store;
    }

    @Override
    public PCollectionTuple expand(PCollection<WorkflowRunJob> runs) {
        PCollectionTuple out = runs.apply(STEP, ParDo.of(new FetchFn(clients, store))
                .withOutputTags(STATUS, TupleTagList.of(DEAD_LETTERS)));
        out.get(STATUS).setCoder(SerializableCoder.of(LeechStatus.class));
        out.get(DEAD_LETTERS).setCoder(SerializableCoder.of(DeadLetter.class));
        return out;
    }

    static final class FetchFn extends DoFn<WorkflowRunJob, LeechStatus> {
        private final GitHubClients clients;
        private final ArchiveStore store;
        private transient GitHubAppClient github;

        FetchFn(GitHubClients clients, ArchiveStore store) {
            this.clients = clients;
            this.store = store;
        }

        /** One client per DoFn instance: its App JWT and installation tokens are reused across runs. */
        @Setup
        public void setUp() {
            github = clients.create();
        }

        @ProcessElement
        public void process(@Element WorkflowRunJob job, MultiOutputReceiver out) {
            Instant deadline = Instant.now().plus(PER_RUN_BUDGET);
            StoredArchive archive;
            try (LogDownload download = github.openWorkflowRunLogs(job.owner(), job.repo(), job.runId(),
                    job.runAttempt(), job.installationId(), deadline)) {
                archive = store.store(job.objectPath(), download.body(), download.contentLength());
            } catch (NotFoundException e) {
                LeechMetrics.NOT_FOUND.inc();
                out.get(STATUS).output(LeechStatus.notFound(job, Instant.now(), e.getMessage()));
                return;
            } catch (Exception e) { // every other failure is recorded and dead-lettered, never thrown
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                LeechMetrics.FAILURE.inc();
                LeechMetrics.DEAD_LETTERS.inc();
                out.get(STATUS).output(LeechStatus.failure(job, Instant.now(), error));
                out.get(DEAD_LETTERS).output(new DeadLetter(STEP, job.deliveryId(), job.toString(), error));
                return;
            }
            LeechMetrics.SUCCESS.inc();
            LeechMetrics.BYTES_COPIED.inc(archive.bytes());
            out.get(STATUS).output(LeechStatus.success(job, Instant.now(), archive.uri(), archive.bytes(),
                    archive.sha256()));
        }
    }
}
