package dev.gma.backfill.transforms;

import dev.gma.backfill.BackfillMetrics;
import dev.gma.pipeline.github.GitHubClients;
import dev.gma.backfill.history.HistoryReader;
import dev.gma.backfill.history.WebhookEvents;
import dev.gma.backfill.model.DeadLetter;
import dev.gma.backfill.model.RepoStatus;
import dev.gma.backfill.model.Repository;
import dev.gma.backfill.store.BackfillStore;
import dev.gma.github.GitHubApiException;
import dev.gma.github.GitHubAppClient;
import dev.gma.github.RateLimitedException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps "Read history" and "Write webhook-shaped events", fused on purpose: per repository, each
 * page's events are stored with the checkpoint past them (see {@link HistoryReader}) before the
 * next page is asked for, so memory stays at one page and a stopped launch continues where it
 * stopped. Emitting the events to a later write step instead would let the checkpoint run ahead of
 * what is stored, and the DirectRunner would hold a whole repository's output in memory.
 *
 * <p>Never fails the launch for one repository: 404, 403, 5xx past the retries, a malformed answer
 * or a rate limit lifting after the deadline become a {@link RepoStatus} (FAILED or RATE_LIMITED)
 * and a {@link DeadLetter}; the checkpoint stays, so the next launch continues. A store that cannot
 * be written fails the launch (nothing would be kept).
 */
public final class ImportHistory extends PTransform<PCollection<Repository>, PCollectionTuple> {

    public static final TupleTag<RepoStatus> STATUS = new TupleTag<>() {};
    public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

    static final String STEP = "Read history";
    /** The step whose Beam counters count objects imported, pages, and failures. */
    static final String IMPORT_STEP = "Import each repository";

    private final GitHubClients clients;
    private final BackfillStore.Factory store;
    private final String since;
    private final boolean restart;
    private final long deadlineMillis;

    public ImportHistory(GitHubClients clients, BackfillStore.Factory store, LocalDate since, boolean restart,
                         Instant deadline) {
        this.clients = clients;
        this.store = store;
        this.since = since.toString();
        this.restart = restart;
        this.deadlineMillis = deadline.toEpochMilli();
    }

    @Override
    public PCollectionTuple expand(PCollection<Repository> repositories) {
        PCollectionTuple out = repositories.apply(IMPORT_STEP,
                ParDo.of(new ImportFn(clients, store, since, restart, deadlineMillis))
                        .withOutputTags(STATUS, TupleTagList.of(DEAD_LETTERS)));
        out.get(STATUS).setCoder(SerializableCoder.of(RepoStatus.class));
        out.get(DEAD_LETTERS).setCoder(SerializableCoder.of(DeadLetter.class));
        return out;
    }

    static final class ImportFn extends DoFn<Repository, RepoStatus> {
        private static final Logger LOG = LoggerFactory.getLogger(ImportFn.class);

        private final GitHubClients clients;
        private final BackfillStore.Factory storeFactory;
        private final String since;
        private final boolean restart;
        private final long deadlineMillis;
        private transient GitHubAppClient github;
        private transient BackfillStore store;

        ImportFn(GitHubClients clients, BackfillStore.Factory store, String since, boolean restart, long deadlineMillis) {
            this.clients = clients;
            this.storeFactory = store;
            this.since = since;
            this.restart = restart;
            this.deadlineMillis = deadlineMillis;
        }

        @Setup
        public void setUp() {
            github = clients.create();
            store = storeFactory.open();
        }

        @ProcessElement
        public void process(@Element Repository repository, MultiOutputReceiver out) throws Exception {
            long callsBefore = github.requestCount();
            HistoryReader reader = new HistoryReader(github, store, Instant.ofEpochMilli(deadlineMillis), letter -> {
                out.get(DEAD_LETTERS).output(letter);
                BackfillMetrics.DEAD_LETTERS.inc();
            });
            RepoStatus status;
            try {
                HistoryReader.Result result = reader.read(repository, java.time.LocalDate.parse(since), restart);
                List<String> lists = reader.skippedLists();
                String state = result.skipped() ? RepoStatus.SKIPPED : lists.isEmpty() ? RepoStatus.DONE : RepoStatus.PARTIAL;
                status = status(repository, state, result.events(), result.pages(),
                        lists.isEmpty() ? null : "lists unavailable, skipped: " + String.join(", ", lists));
                (result.skipped() ? BackfillMetrics.SKIPPED : lists.isEmpty() ? BackfillMetrics.DONE
                        : BackfillMetrics.PARTIAL).inc();
                BackfillMetrics.PAGES.inc(result.pages());
                BackfillMetrics.EVENTS.inc(result.events());
                System.out.println("backfill: " + repository.fullName() + " " + status.status() + " events="
                        + result.events() + " pages=" + result.pages() + (status.error() == null ? "" : " " + status.error()));
            } catch (RateLimitedException e) {
                status = failed(repository, RepoStatus.RATE_LIMITED, e, reader, out);
                BackfillMetrics.RATE_LIMITED.inc();
            } catch (GitHubApiException | WebhookEvents.UnusableObjectException e) {
                status = failed(repository, RepoStatus.FAILED, e, reader, out);
                BackfillMetrics.FAILED.inc();
            } finally {
                BackfillMetrics.GITHUB_CALLS.inc(github.requestCount() - callsBefore);
            }
            out.get(STATUS).output(status);
        }

        private RepoStatus failed(Repository repository, String state, RuntimeException e, HistoryReader reader,
                                  MultiOutputReceiver out) {
            LOG.warn("{}: {} ({}); its checkpoint is kept for the next launch", repository.fullName(), state,
                    e.getMessage());
            System.out.println("backfill: " + repository.fullName() + " " + state + " events=" + reader.eventsStored()
                    + " pages=" + reader.pagesStored() + " error=" + e.getMessage());
            out.get(DEAD_LETTERS).output(new DeadLetter(STEP, repository.fullName(), e.getMessage(),
                    repository.repositoryJson()));
            BackfillMetrics.DEAD_LETTERS.inc();
            BackfillMetrics.PAGES.inc(reader.pagesStored());
            BackfillMetrics.EVENTS.inc(reader.eventsStored());
            return status(repository, state, reader.eventsStored(), reader.pagesStored(), e.getMessage());
        }

        private RepoStatus status(Repository repository, String state, long events, long pages, String error) {
            return new RepoStatus(repository.fullName(), repository.installationId(), since, state, events, pages,
                    error, Instant.now());
        }

        @Teardown
        public void tearDown() {
            if (store != null) {
                store.close();
            }
        }
    }
}
