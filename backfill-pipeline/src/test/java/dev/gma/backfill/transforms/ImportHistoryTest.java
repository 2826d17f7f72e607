package dev.gma.backfill.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.backfill.BackfillMetrics;
import dev.gma.backfill.GitHubFake;
import dev.gma.backfill.model.DeadLetter;
import dev.gma.backfill.model.RepoStatus;
import dev.gma.backfill.model.Repository;
import dev.gma.backfill.store.SqliteBackfillStore;
import dev.gma.pipeline.metrics.CounterTotals;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

public class ImportHistoryTest {

    private static final String ORG = "{\"login\":\"octo-org\",\"id\":6811672,\"type\":\"Organization\"}";

    @Rule public final transient TestPipeline pipeline = TestPipeline.create();
    @Rule public final transient TemporaryFolder folder = new TemporaryFolder();
    private final GitHubFake github = new GitHubFake();

    @After
    public void stop() {
        github.close();
    }

    private PCollectionTuple importing(List<Repository> repositories) throws Exception {
        Path dataDir = folder.newFolder().toPath();
        return pipeline.apply(Create.of(repositories).withCoder(SerializableCoder.of(Repository.class)))
                .apply(new ImportHistory(github.clients(), SqliteBackfillStore.factory(dataDir),
                        LocalDate.parse("2026-06-01"), false, Instant.now().plusSeconds(60)));
    }

    private static Repository helloWorld(String repositoryJson) {
        return new Repository(1001, "octo-org/hello-world", repositoryJson, ORG, "Organization");
    }

    @Test
    public void aRepositoryIsReadToTheEndAndAnObjectWithoutAnIdIsADeadLetter() throws Exception {
        github.serves("/repos/octo-org/hello-world/releases", "[{\"tag_name\":\"no-id\",\"created_at\":\"2026-07-01T00:00:00Z\"},"
                + "{\"id\":1,\"tag_name\":\"v1\",\"draft\":false,\"created_at\":\"2026-07-01T00:00:00Z\","
                + "\"published_at\":\"2026-07-01T01:00:00Z\"}]");
        PCollectionTuple out = importing(List.of(helloWorld("{\"id\":1296269,\"full_name\":\"octo-org/hello-world\"}")));
        PAssert.that(out.get(ImportHistory.STATUS)).satisfies(statuses -> {
            assertThat(statuses).singleElement().satisfies(s -> {
                assertThat(s.status()).isEqualTo(RepoStatus.DONE);
                assertThat(s.events()).isEqualTo(20 - 2 + 1); // the fixture's 20, its 2 releases replaced by 1 good one
            });
            return null;
        });
        PAssert.that(out.get(ImportHistory.DEAD_LETTERS)).satisfies(letters -> {
            assertThat(letters).singleElement().satisfies(l -> {
                assertThat(l.key()).isEqualTo("octo-org/hello-world/RELEASES");
                assertThat(l.error()).contains("without a numeric id");
                assertThat(l.input()).contains("no-id");
            });
            return null;
        });
        // 10 list pages: pull requests 3, issues, deployments and workflow runs 2 each, the releases served above 1
        assertThat(counters()).containsEntry("repositories_done", 1L).containsEntry("events_written", 19L)
                .containsEntry("pages", 10L).containsEntry("dead_letters", 1L).containsEntry("repositories_failed", 0L);
    }

    @Test
    public void aPullRequestWhoseReviewsAreGoneIsADeadLetterAndTheRepositoryCompletes() throws Exception {
        github.answers("/repos/octo-org/hello-world/pulls/11/reviews", 404);
        PCollectionTuple out = importing(List.of(helloWorld("{\"id\":1296269,\"full_name\":\"octo-org/hello-world\"}")));
        PAssert.that(out.get(ImportHistory.STATUS)).satisfies(statuses -> {
            assertThat(statuses).singleElement().satisfies(s -> {
                assertThat(s.status()).isEqualTo(RepoStatus.DONE);
                assertThat(s.events()).isEqualTo(20 - 2); // pull request 11 and its one review
            });
            return null;
        });
        PAssert.that(out.get(ImportHistory.DEAD_LETTERS)).satisfies(letters -> {
            assertThat(letters).singleElement().satisfies(l -> {
                assertThat(l.key()).isEqualTo("octo-org/hello-world/PULL_REQUESTS");
                assertThat(l.error()).contains("404");
            });
            return null;
        });
        pipeline.run().waitUntilFinish();
    }

    @Test
    public void aBrokenRepositoryAndAMalformedPageFailOnlyTheirRepository() throws Exception {
        github.serves("/repos/mona/dotfiles/pulls", "{\"not\":\"an array\"}");
        PCollectionTuple out = importing(List.of(helloWorld("not json"),
                new Repository(1002, "mona/dotfiles", "{\"id\":2300001,\"full_name\":\"mona/dotfiles\"}",
                        "{\"login\":\"mona\",\"type\":\"User\"}", "User"),
                new Repository(1001, "octo-org/api", "{\"id\":1296270,\"full_name\":\"octo-org/api\"}", ORG,
                        "Organization")));
        PAssert.that(out.get(ImportHistory.STATUS)).satisfies(statuses -> {
            assertThat(statuses).extracting(s -> s.repository() + " " + s.status()).containsExactlyInAnyOrder(
                    "octo-org/hello-world FAILED", "mona/dotfiles FAILED", "octo-org/api DONE");
            return null;
        });
        PAssert.that(out.get(ImportHistory.DEAD_LETTERS)).satisfies(letters -> {
            assertThat(letters).extracting(DeadLetter::key).containsExactlyInAnyOrder("octo-org/hello-world",
                    "mona/dotfiles");
            return null;
        });
        // Only octo-org/api's 20 events on its 11 pages (pull requests 3, the four other lists 2 each); each failed repository is one dead letter.
        assertThat(counters()).containsEntry("repositories_done", 1L).containsEntry("repositories_failed", 2L)
                .containsEntry("events_written", 20L).containsEntry("pages", 11L).containsEntry("dead_letters", 2L);
    }

    /** Runs the pipeline; the Beam counters of its step "Import each repository". */
    private Map<String, Long> counters() {
        PipelineResult result = pipeline.run();
        result.waitUntilFinish();
        return CounterTotals.inStep(result, BackfillMetrics.NAMESPACE, BackfillMetrics.NAMES, ImportHistory.IMPORT_STEP);
    }
}
