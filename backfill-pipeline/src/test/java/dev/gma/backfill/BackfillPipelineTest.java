package dev.gma.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole launches against the GitHub fake (2 installations, one a user, 3 repositories, several pages
 * each): the events written, idempotence, continuing from a checkpoint, rate limits and failures.
 * The expected events come from testdata/backfill/expected-events.json, written by generate.py
 * independently of this code.
 */
class BackfillPipelineTest {

    private static final String HELLO_PULLS = "/repos/octo-org/hello-world/pulls";

    @TempDir Path dataDir;
    private GitHubFake github;

    @BeforeEach
    void start() {
        github = new GitHubFake();
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void everyObjectBecomesOneEventWithItsWebhookNameActionAndEnrichment() throws Exception {
        assertThat(Launches.run(github, dataDir)).isZero();

        JsonNode expected = GitHubFake.read("backfill/expected-events.json");
        Map<String, Map<String, Object>> rows = new HashMap<>();
        for (Map<String, Object> row : Launches.query(dataDir, "SELECT * FROM events")) {
            assertThat(rows.put((String) row.get("delivery_id"), row)).as("one row per delivery id").isNull();
        }
        assertThat(rows).hasSize(expected.size());
        for (JsonNode e : expected) {
            Map<String, Object> row = rows.get(e.path("delivery_id").asText());
            assertThat(row).as("event %s of object %s", e.path("event").asText(), e.path("object_id").asText()).isNotNull();
            assertThat(row.get("event")).isEqualTo(e.path("event").asText());
            assertThat(row.get("action")).isEqualTo(e.path("action").asText());
            assertThat(row.get("source")).isEqualTo("backfill");
            assertThat(((Number) row.get("installation_id")).longValue()).isEqualTo(e.path("installation_id").asLong());
            assertThat(((Number) row.get("repository_id")).longValue()).isEqualTo(e.path("repository_id").asLong());
            assertThat(row.get("repository_full_name")).isEqualTo(e.path("repository_full_name").asText());
            assertThat(row.get("organization_name")).isEqualTo(e.path("organization_name").isNull() ? null
                    : e.path("organization_name").asText());
            assertThat(row.get("organization_id") == null ? null : ((Number) row.get("organization_id")).longValue())
                    .isEqualTo(e.path("organization_id").isNull() ? null : e.path("organization_id").asLong());
            assertThat(row.get("sender_login")).isEqualTo(e.path("sender_login").asText());
            assertThat(row.get("signature")).isNull();
            JsonNode payload = new com.fasterxml.jackson.databind.ObjectMapper().readTree((String) row.get("payload"));
            assertThat(payload.path("action").asText()).isEqualTo(e.path("action").asText());
            assertThat(payload.path("installation").path("id").asLong()).isEqualTo(e.path("installation_id").asLong());
            assertThat(payload.path("repository").path("full_name").asText()).isEqualTo(e.path("repository_full_name").asText());
            assertThat(payload.has("organization")).isEqualTo(!e.path("organization_name").isNull());
        }
        assertThat(Launches.query(dataDir, "SELECT repository_full_name, status FROM backfill_status ORDER BY 1"))
                .extracting(r -> r.get("repository_full_name") + " " + r.get("status"))
                .containsExactly("mona/dotfiles DONE", "octo-org/api DONE", "octo-org/hello-world DONE");
        assertThat(github.refused()).as("every JWT and token was the right one").isEmpty();
        assertThat(github.requests(HELLO_PULLS, 99)).as("the pull request list stops at since").isZero();
    }

    @Test
    void aSecondLaunchSkipsFinishedRepositoriesAndARestartAddsNoDistinctDelivery() throws Exception {
        assertThat(Launches.run(github, dataDir)).isZero();
        long distinct = Launches.count(dataDir, "SELECT COUNT(DISTINCT delivery_id) FROM events");
        int historyCalls = github.requestsUnder("/repos/");

        assertThat(Launches.run(github, dataDir)).isZero();
        assertThat(github.requestsUnder("/repos/")).as("finished repositories are not read again").isEqualTo(historyCalls);
        assertThat(Launches.query(dataDir, "SELECT status FROM backfill_status ORDER BY rowid DESC LIMIT 3"))
                .extracting(r -> r.get("status")).containsOnly("SKIPPED");

        assertThat(Launches.run(github, dataDir, "--restart=true")).isZero();
        assertThat(Launches.count(dataDir, "SELECT COUNT(*) FROM events")).isEqualTo(2 * distinct);
        assertThat(Launches.count(dataDir, "SELECT COUNT(DISTINCT delivery_id) FROM events")).isEqualTo(distinct);
    }

    @Test
    void aLaunchStoppedMidwayContinuesFromItsCheckpoint() throws Exception {
        github.pageAnswers(HELLO_PULLS, 2, 502); // hello-world's second page keeps failing: that repository stops there
        assertThat(Launches.run(github, dataDir)).isZero();
        assertThat(Launches.query(dataDir, "SELECT status, error FROM backfill_status WHERE repository_full_name = "
                + "'octo-org/hello-world'")).singleElement().satisfies(r -> assertThat(r.get("status")).isEqualTo("FAILED"));
        assertThat(Launches.query(dataDir, "SELECT phase, next_url FROM backfill_checkpoint WHERE repository_full_name = "
                + "'octo-org/hello-world'")).singleElement().satisfies(r -> {
                    assertThat(r.get("phase")).isEqualTo("PULL_REQUESTS");
                    assertThat((String) r.get("next_url")).endsWith("page=2");
                });
        assertThat(deadLetters()).anySatisfy(f -> assertThat(f.toString()).contains("octo-org/hello-world"));
        assertThat(github.requests(HELLO_PULLS, 1)).isEqualTo(1);

        github.heal();
        assertThat(Launches.run(github, dataDir)).isZero();
        assertThat(github.requests(HELLO_PULLS, 1)).as("the stored first page is not asked for again").isEqualTo(1);
        assertThat(Launches.count(dataDir, "SELECT COUNT(DISTINCT delivery_id) FROM events"))
                .isEqualTo(GitHubFake.read("backfill/expected-events.json").size());
        assertThat(Launches.count(dataDir, "SELECT COUNT(*) FROM events")).as("nothing stored twice")
                .isEqualTo(GitHubFake.read("backfill/expected-events.json").size());
    }

    @Test
    void rateLimitsAndA502AreWaitedOutAndRetried() throws Exception {
        long reset = Instant.now().getEpochSecond() + 1;
        github.failsOnce(HELLO_PULLS, 403, "x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(reset));
        github.failsOnce("/repos/octo-org/api/deployments", 429, "retry-after", "1");
        github.failsOnce("/repos/mona/dotfiles/releases", 502);

        assertThat(Launches.run(github, dataDir)).isZero();

        assertThat(github.requests(HELLO_PULLS, 1)).isEqualTo(2);
        assertThat(github.requests("/repos/octo-org/api/deployments", 1)).isEqualTo(2);
        assertThat(github.requests("/repos/mona/dotfiles/releases", 1)).isEqualTo(2);
        assertThat(Launches.count(dataDir, "SELECT COUNT(DISTINCT delivery_id) FROM events"))
                .isEqualTo(GitHubFake.read("backfill/expected-events.json").size());
        assertThat(Launches.query(dataDir, "SELECT status FROM backfill_status")).extracting(r -> r.get("status"))
                .containsOnly("DONE");
    }

    @Test
    void aRateLimitLiftingAfterTheDeadlineStopsThatRepositoryWhichTheNextLaunchFinishes() throws Exception {
        github.answers("/repos/mona/dotfiles/releases", 429, "retry-after", "3600");
        assertThat(Launches.run(github, dataDir, "--maxRunMinutes=1")).isZero();
        assertThat(Launches.query(dataDir, "SELECT repository_full_name, status FROM backfill_status ORDER BY 1"))
                .extracting(r -> r.get("repository_full_name") + " " + r.get("status"))
                .containsExactly("mona/dotfiles RATE_LIMITED", "octo-org/api DONE", "octo-org/hello-world DONE");
        assertThat(Launches.query(dataDir, "SELECT phase FROM backfill_checkpoint WHERE repository_full_name = "
                + "'mona/dotfiles'")).extracting(r -> r.get("phase")).containsExactly("RELEASES");
        int pullsBefore = github.requests("/repos/mona/dotfiles/pulls", 1);

        github.heal();
        assertThat(Launches.run(github, dataDir)).isZero();
        assertThat(github.requests("/repos/mona/dotfiles/pulls", 1)).as("continued at releases").isEqualTo(pullsBefore);
        assertThat(Launches.count(dataDir, "SELECT COUNT(*) FROM events"))
                .isEqualTo(GitHubFake.read("backfill/expected-events.json").size());
    }

    @Test
    void aRepositoryAnswering404FailsAloneWithAStatusRowAndADeadLetter() throws Exception {
        github.answers("/repos/octo-org/api/pulls", 404);

        assertThat(Launches.run(github, dataDir)).isZero();

        assertThat(Launches.query(dataDir, "SELECT repository_full_name, status FROM backfill_status ORDER BY 1"))
                .extracting(r -> r.get("repository_full_name") + " " + r.get("status"))
                .containsExactly("mona/dotfiles DONE", "octo-org/api FAILED", "octo-org/hello-world DONE");
        long others = 0;
        for (JsonNode e : GitHubFake.read("backfill/expected-events.json")) {
            others += e.path("repository_full_name").asText().equals("octo-org/api") ? 0 : 1;
        }
        assertThat(Launches.count(dataDir, "SELECT COUNT(DISTINCT delivery_id) FROM events WHERE "
                + "repository_full_name != 'octo-org/api'")).isEqualTo(others);
        assertThat(deadLetters()).anySatisfy(f -> assertThat(Files.readString(f)).contains("404"));
    }

    @Test
    void aListTheAppMayNotReadIsSkippedWithADeadLetterAndTheRestOfTheRepositoryIsImported() throws Exception {
        github.answers("/repos/octo-org/api/actions/runs", 403); // e.g. the App lacks the actions permission there

        assertThat(Launches.run(github, dataDir)).isZero();

        assertThat(Launches.query(dataDir, "SELECT repository_full_name, status, error FROM backfill_status ORDER BY 1"))
                .extracting(r -> r.get("repository_full_name") + " " + r.get("status") + " " + r.get("error"))
                .containsExactly("mona/dotfiles DONE null", "octo-org/api PARTIAL lists unavailable, skipped: WORKFLOW_RUNS (403)",
                        "octo-org/hello-world DONE null");
        assertThat(Launches.count(dataDir, "SELECT COUNT(*) FROM events WHERE repository_full_name = 'octo-org/api'"))
                .isEqualTo(20 - 3);
        assertThat(Launches.count(dataDir, "SELECT COUNT(*) FROM events WHERE repository_full_name = 'octo-org/api' "
                + "AND event = 'issues'")).as("the lists after the skipped one were read").isEqualTo(2);
        assertThat(deadLetters()).anySatisfy(f -> assertThat(Files.readString(f)).contains("actions/runs"));
    }

    @Test
    void onlyTheRequestedRepositoriesAreImportedAndAnUnknownOneIsReported() throws Exception {
        assertThat(Launches.run(github, dataDir, "--repositories=mona/dotfiles,octo-org/nowhere")).isZero();

        assertThat(Launches.query(dataDir, "SELECT DISTINCT repository_full_name FROM events"))
                .extracting(r -> r.get("repository_full_name")).containsExactly("mona/dotfiles");
        assertThat(Launches.query(dataDir, "SELECT repository_full_name, status FROM backfill_status ORDER BY 1"))
                .extracting(r -> r.get("repository_full_name") + " " + r.get("status"))
                .containsExactly("mona/dotfiles DONE", "octo-org/nowhere FAILED");
        assertThat(github.requestsUnder("/repos/octo-org/")).isZero();
    }

    private List<Path> deadLetters() throws Exception {
        Path root = dataDir.resolve("bucket/dead-letter/backfill");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(Objects::nonNull).toList();
        }
    }
}
