package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gma.schema.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hand-derived expectations for the object tables the refresh script builds, one small fixture per
 * table under {@code testdata/analytics/fixtures/<table>.json} (the format of events.json). Each test
 * rebuilds the derived tables from all of history in ZetaSQL and pins <em>every</em> column of
 * <em>every</em> row of its table (bookkeeping {@code state_version} and {@code logs_version}
 * included), so a change to the table's SQL that alters its result on the fixture fails here, not
 * only in the golden-file comparison. The values come from the rules in docs/analytics.md and the
 * comments of terraform/analytics/refresh/*.sql, worked out by hand; the arithmetic is in comments.
 *
 * <p>Conventions the values follow: timestamps ISO-8601 UTC, {@code NULL} for null, booleans
 * {@code true}/{@code false}. A {@code state_version} is the ordering key of the latest-state rule:
 * {@code FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S')} of each ordering timestamp (a NULL object time as
 * 1970-01-01), joined with {@code |}, then the delivery_id; the row with the greatest one wins
 * (commits: the smallest, first push wins).
 *
 * <p>Every fixture is dated 2026-12-01, in repositories {@code fx-org/<something>}.
 */
class ObjectTablesExpectationsTest {

    static final Instant ALL_OF_HISTORY = Instant.parse("1970-01-01T00:00:00Z");
    static final String DAY = "2026-12-01T";
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---------------------------------------------------------------------------------------------

    @Test
    void checkRunsKeepTheLatestStateByCompletionTime() {
        // cr-1 queued and cr-3 in progress (delivered last, at 10:05) have no completed_at, so they
        // order as 1970 and lose to cr-2 (completed 10:04:05). cr-2 was redelivered at 11:00 (same
        // GUID): both copies carry the same completion time, the later receipt wins the tie.
        // cr-5 has no id, cr-6 is not JSON: no row.
        assertTable(rebuild("check_runs").contents("check_runs", Set.of()),
                row("repository_full_name", "fx-org/checks", "organization_name", "fx-org",
                        "check_run_id", "7001", "name", "build", "head_sha", sha('a', '1'), "head_branch", "feature-x",
                        "status", "completed", "conclusion", "success", "app_slug", "github-actions",
                        "started_at", DAY + "10:00:00Z", "completed_at", DAY + "10:04:05Z",
                        "pull_request_numbers", "12,9", // in payload order, not sorted
                        "html_url", "https://github.com/fx-org/checks/runs/7001",
                        "duration_seconds", "245", // 10:00:00 -> 10:04:05 = 4 * 60 + 5
                        "last_action", "completed", "last_received", DAY + "11:00:00Z",
                        "state_version", "20261201100405.000000|20261201110000.000000|cr-2"),
                // started_at "yesterday" is no timestamp: NULL, and so is the duration; no app, no
                // check_suite: NULL; an empty pull_requests array gives NULL, not ''.
                row("repository_full_name", "fx-org/checks", "organization_name", "fx-org",
                        "check_run_id", "7002", "name", "lint", "head_sha", sha('b', '2'), "head_branch", "NULL",
                        "status", "completed", "conclusion", "failure", "app_slug", "NULL",
                        "started_at", "NULL", "completed_at", DAY + "10:02:00Z", "pull_request_numbers", "NULL",
                        "html_url", "NULL", "duration_seconds", "NULL",
                        "last_action", "completed", "last_received", DAY + "10:02:01Z",
                        "state_version", "20261201100200.000000|20261201100201.000000|cr-4"));
    }

    @Test
    void commitsArePerBranchAndTheFirstPushWins() {
        // c1 reached "feature" in p-1 (09:00, distinct) and again in p-2 (09:10, not distinct; p-2 is
        // listed first in the fixture) and in p-1's redelivery at 12:00: the earliest receipt, p-1 at
        // 09:00, gives the row. c1 pushed to main (p-3, 11:00) is a row of its own.
        // p-4: a commit without id gives no row; c3 has no username (NULL), a timestamp "soon" (NULL)
        // and no distinct flag (NULL). p-5 is not JSON; p-6 is a create event, not a push.
        String c1 = sha('c', '1');
        assertTable(rebuild("commits").contents("commits", Set.of()),
                commit("feature", c1, "First", "mona", "Mona Lisa", DAY + "08:55:00Z", "true", DAY + "09:00:00Z",
                        "20261201090000.000000|p-1"),
                commit("feature", sha('c', '2'), "Second", "mona", "Mona Lisa", DAY + "09:05:00Z", "true", DAY + "09:10:00Z",
                        "20261201091000.000000|p-2"),
                commit("main", c1, "First", "mona", "Mona Lisa", DAY + "08:55:00Z", "false", DAY + "11:00:00Z",
                        "20261201110000.000000|p-3"),
                commit("feature", sha('c', '3'), "Bot commit", "NULL", "Hubot", "NULL", "NULL", DAY + "11:30:00Z",
                        "20261201113000.000000|p-4"));
    }

    private static Map<String, String> commit(String branch, String sha, String message, String login, String name,
            String committedAt, String distinct, String firstPushedAt, String stateVersion) {
        return row("repository_full_name", "fx-org/commits", "organization_name", "fx-org", "branch", branch, "sha", sha,
                "message", message, "author_login", login, "author_name", name, "committed_at", committedAt,
                "distinct_commit", distinct, "first_pushed_at", firstPushedAt, "state_version", stateVersion);
    }

    @Test
    void deploymentStatusesAreOneRowPerStatusTheLatestDeliveryWins() {
        // 801: no environment on the status, the deployment's "Prod-EU" stands in and matches (?i)^prod;
        //      "IN_PROGRESS" is lower-cased.
        // 802: the status's "production" wins over the deployment's "staging"; redelivered at 12:00, the
        //      later copy is the row (last_received 12:00).
        // 803: "preproduction" does not start with prod; no creator, target or log URL, no deployment sha.
        // ds-4 has no status id, ds-5 no repository, ds-6 is an HTML error page: no rows.
        assertTable(rebuild("deployment_statuses").contents("deployment_statuses", Set.of()),
                status("801", "80", "Prod-EU", "in_progress", "rolling out", "hubot", "https://ci.example/801",
                        "https://ci.example/801/log", sha('d', '0'), DAY + "10:00:00Z", "true", DAY + "10:00:01Z",
                        "20261201100001.000000|ds-1"),
                status("802", "81", "production", "success", "done", "hubot", "https://ci.example/802",
                        "https://ci.example/802/log", sha('d', '1'), DAY + "10:05:00Z", "true", DAY + "12:00:00Z",
                        "20261201120000.000000|ds-2"),
                status("803", "82", "preproduction", "failure", "smoke test failed", "NULL", "NULL", "NULL", "NULL",
                        DAY + "10:07:00Z", "false", DAY + "10:07:01Z", "20261201100701.000000|ds-3"));
    }

    private static Map<String, String> status(String id, String deploymentId, String environment, String state,
            String description, String creator, String targetUrl, String logUrl, String deploymentSha, String createdAt,
            String isProduction, String lastReceived, String stateVersion) {
        return row("repository_full_name", "fx-org/deploy-statuses", "organization_name", "fx-org",
                "deployment_status_id", id, "deployment_id", deploymentId, "environment", environment, "state", state,
                "description", description, "creator", creator, "target_url", targetUrl, "log_url", logUrl,
                "deployment_sha", deploymentSha, "created_at", createdAt, "is_production", isProduction,
                "last_received", lastReceived, "state_version", stateVersion);
    }

    @Test
    void deploymentsTakeTheirOutcomeFromTheirStatusesOrFromTheNewestReport() {
        assertTable(rebuild("deployments").contents("deployments", Set.of()),
                // 90: failure 10:05, success 10:12:30, inactive 11:00 -> success (a later inactive does not undo
                // it); latest state is the newest status, inactive. Completed at the first success:
                // 10:00:00 -> 10:12:30 = 750 s. The base columns come from the latest delivery carrying the
                // deployment, dp-4 (a deployment_status event) at 11:00:01. A GitHub deployment's key is its id.
                github("90", "production", "true", sha('e', '0'), "main", "deploy", "hubot", DAY + "10:00:00Z",
                        "3", "inactive", DAY + "11:00:00Z", DAY + "10:12:30Z", DAY + "10:05:00Z", "success",
                        DAY + "10:12:30Z", "750", DAY + "11:00:01Z", "20261201110001.000000|dp-4"),
                // 91: only an error status was received (no deployment event): failure, completed at the
                // error, 10:30:00 -> 10:31:40 = 100 s; staging is not production.
                github("91", "staging", "false", sha('e', '1'), "release", "deploy", "mona", DAY + "10:30:00Z",
                        "1", "error", DAY + "10:31:40Z", "NULL", DAY + "10:31:40Z", "failure",
                        DAY + "10:31:40Z", "100", DAY + "10:31:41Z", "20261201103141.000000|dp-5"),
                // 92: no status yet: pending, 0 statuses, nothing completed; "Production" matches (?i)^prod;
                // no task, no creator in the payload.
                github("92", "Production", "true", sha('e', '2'), "main", "NULL", "NULL", DAY + "12:00:00Z",
                        "0", "NULL", "NULL", "NULL", "NULL", "pending",
                        "NULL", "NULL", DAY + "12:00:01Z", "20261201120001.000000|dp-6"),
                // rel-7, reported by another tool (custom_deployment): one report is the whole deployment and
                // the newest report wins, so the failure at 12:40 retried into a success at 12:44:30 is a
                // success with no failure time, one status. Started 12:30:00 -> finished 12:44:30 = 870 s.
                row("repository_full_name", "fx-org/deploys", "organization_name", "fx-org", "deployment_id", "NULL",
                        "environment", "Production-EU", "is_production", "true", "sha", sha('e', '3'), "ref", "main",
                        "task", "NULL", "creator", "NULL", "created_at", DAY + "12:30:00Z", "status_count", "1",
                        "latest_state", "success", "latest_state_at", DAY + "12:44:30Z", "first_success_at", DAY + "12:44:30Z",
                        "first_failure_at", "NULL", "outcome", "success", "completed_at", DAY + "12:44:30Z",
                        "duration_seconds", "870", "source", "custom", "deployment_key", "custom:rel-7",
                        "service", "checkout", "url", "https://deploy.example/rel-7",
                        "last_received", DAY + "12:44:31Z", "state_version", "20261201124431.000000|cd-2"));
    }

    /** A deployment from GitHub's deployment events: keyed by its id, no service or URL. */
    private static Map<String, String> github(String id, String environment, String isProduction, String sha,
            String ref, String task, String creator, String createdAt, String statusCount, String latestState,
            String latestStateAt, String firstSuccessAt, String firstFailureAt, String outcome, String completedAt,
            String durationSeconds, String lastReceived, String stateVersion) {
        return row("repository_full_name", "fx-org/deploys", "organization_name", "fx-org", "deployment_id", id,
                "environment", environment, "is_production", isProduction, "sha", sha, "ref", ref, "task", task,
                "creator", creator, "created_at", createdAt, "status_count", statusCount, "latest_state", latestState,
                "latest_state_at", latestStateAt, "first_success_at", firstSuccessAt, "first_failure_at", firstFailureAt,
                "outcome", outcome, "completed_at", completedAt, "duration_seconds", durationSeconds,
                "source", "github", "deployment_key", id, "service", "NULL", "url", "NULL",
                "last_received", lastReceived, "state_version", stateVersion);
    }

    @Test
    void issuesKeepTheLatestStateByUpdatedAt() {
        assertTable(rebuild("issues").contents("issues", Set.of()),
                // #5: opened 09:00, labeled 09:10, closed 11:30 (updated 11:30); an "edited" delivery with
                // updated_at 09:20 arrives last, at 12:00, and must not reopen it. Open 09:00 -> 11:30 =
                // 9000 s. "Incident" matches (?i)^incident$.
                row("repository_full_name", "fx-org/issues", "organization_name", "fx-org", "number", "5",
                        "issue_id", "5005", "title", "Checkout is down", "author", "mona", "state", "closed",
                        "state_reason", "completed", "created_at", DAY + "09:00:00Z", "updated_at", DAY + "11:30:00Z",
                        "closed_at", DAY + "11:30:00Z", "open_duration_seconds", "9000", "labels", "bug,Incident",
                        "is_incident", "true", "last_action", "closed", "last_received", DAY + "11:30:05Z",
                        "state_version", "20261201113000.000000|20261201113005.000000|is-3"),
                // #6: no id, title or author (NULL); open, so no duration; "incident-review" is not
                // ^incident$. is-6 has no number; is-7 is truncated JSON, no repository is read from it: no rows.
                row("repository_full_name", "fx-org/issues", "organization_name", "fx-org", "number", "6",
                        "issue_id", "NULL", "title", "NULL", "author", "NULL", "state", "open",
                        "state_reason", "NULL", "created_at", DAY + "10:00:00Z", "updated_at", DAY + "10:00:00Z",
                        "closed_at", "NULL", "open_duration_seconds", "NULL", "labels", "incident-review",
                        "is_incident", "false", "last_action", "opened", "last_received", DAY + "10:00:01Z",
                        "state_version", "20261201100000.000000|20261201100001.000000|is-5"));
    }

    @Test
    void pullRequestReviewsKeepTheLatestDelivery() {
        assertTable(rebuild("pull_request_reviews").contents("pull_request_reviews", Set.of()),
                // 301: submitted APPROVED at 10:00 (lower-cased), dismissed by a delivery at 11:00:01: dismissed.
                row("repository_full_name", "fx-org/reviews", "organization_name", "fx-org", "review_id", "301",
                        "pull_request_number", "12", "pull_request_author", "mona", "reviewer", "octocat",
                        "state", "dismissed", "submitted_at", DAY + "10:00:00Z", "commit_id", sha('f', '1'),
                        "last_action", "dismissed", "last_received", DAY + "11:00:01Z",
                        "state_version", "20261201110001.000000|rv-2"),
                // 302: no submitted_at, commit or pull request author (NULL); redelivered at 12:00.
                // rv-4 has no review id, rv-5 an empty body: no rows.
                row("repository_full_name", "fx-org/reviews", "organization_name", "fx-org", "review_id", "302",
                        "pull_request_number", "12", "pull_request_author", "NULL", "reviewer", "hubot",
                        "state", "commented", "submitted_at", "NULL", "commit_id", "NULL",
                        "last_action", "submitted", "last_received", DAY + "12:00:00Z",
                        "state_version", "20261201120000.000000|rv-3"));
    }

    @Test
    void pushesAreOneRowPerDeliveryFromItsFirstReceipt() {
        assertTable(rebuild("pushes").contents("pushes", Set.of()),
                // pu-1 landed at 09:00:01 and again at 10:00 (listed first): pushed_at is the first receipt.
                row("repository_full_name", "fx-org/pushes", "organization_name", "fx-org", "delivery_id", "pu-1",
                        "pushed_at", DAY + "09:00:01Z", "ref", "refs/heads/main", "branch", "main", "tag", "NULL",
                        "before_sha", sha('1', '1'), "after_sha", sha('2', '2'), "created", "false", "deleted", "false",
                        "forced", "false", "pusher", "mona", "commit_count", "2", "head_commit_sha", sha('2', '2'),
                        "head_commit_at", DAY + "08:58:00Z", "to_default_branch", "true"),
                // a tag: no branch; an empty commits array counts 0; head_commit null.
                row("repository_full_name", "fx-org/pushes", "organization_name", "fx-org", "delivery_id", "pu-2",
                        "pushed_at", DAY + "09:30:01Z", "ref", "refs/tags/v2.0", "branch", "NULL", "tag", "v2.0",
                        "before_sha", sha('0', '0'), "after_sha", sha('2', '2'), "created", "true", "deleted", "false",
                        "forced", "false", "pusher", "hubot", "commit_count", "0", "head_commit_sha", "NULL",
                        "head_commit_at", "NULL", "to_default_branch", "false"),
                // forced "yes" is no boolean: NULL; no commits array: NULL count; no default_branch in the
                // repository: whether it went to the default branch is unknown, NULL.
                // pu-4 has no ref, pu-5 is not JSON: no rows.
                row("repository_full_name", "fx-org/pushes", "organization_name", "fx-org", "delivery_id", "pu-3",
                        "pushed_at", DAY + "09:45:01Z", "ref", "refs/heads/feature", "branch", "feature", "tag", "NULL",
                        "before_sha", "NULL", "after_sha", sha('3', '3'), "created", "NULL", "deleted", "NULL",
                        "forced", "NULL", "pusher", "NULL", "commit_count", "NULL", "head_commit_sha", "NULL",
                        "head_commit_at", "NULL", "to_default_branch", "NULL"));
    }

    @Test
    void releasesKeepTheLatestDelivery() {
        assertTable(rebuild("releases").contents("releases", Set.of()),
                // 501: created as a draft "v3.0 RC" at 09:00, published as "v3.0" at 10:00.
                row("repository_full_name", "fx-org/releases", "organization_name", "fx-org", "release_id", "501",
                        "tag_name", "v3.0", "name", "v3.0", "target_commitish", "main", "draft", "false",
                        "prerelease", "false", "author", "mona", "created_at", DAY + "09:00:00Z",
                        "published_at", DAY + "10:00:00Z", "html_url", "https://github.com/fx-org/releases/releases/tag/v3.0",
                        "last_action", "published", "last_received", DAY + "10:00:01Z",
                        "state_version", "20261201100001.000000|rl-2"),
                // 502: no name, target, draft flag, author or URL: NULL.
                row("repository_full_name", "fx-org/releases", "organization_name", "fx-org", "release_id", "502",
                        "tag_name", "v3.1-beta", "name", "NULL", "target_commitish", "NULL", "draft", "NULL",
                        "prerelease", "true", "author", "NULL", "created_at", DAY + "10:29:00Z",
                        "published_at", DAY + "10:30:00Z", "html_url", "NULL",
                        "last_action", "prereleased", "last_received", DAY + "10:30:01Z",
                        "state_version", "20261201103001.000000|rl-3"),
                // 503: two deliveries received in the same microsecond: the greater delivery_id, rl-4b, wins.
                // rl-5 is not JSON: no row.
                row("repository_full_name", "fx-org/releases", "organization_name", "fx-org", "release_id", "503",
                        "tag_name", "v3.2", "name", "second", "target_commitish", "main", "draft", "true",
                        "prerelease", "false", "author", "hubot", "created_at", DAY + "10:59:00Z",
                        "published_at", "NULL", "html_url", "NULL",
                        "last_action", "edited", "last_received", DAY + "11:00:00Z",
                        "state_version", "20261201110000.000000|rl-4b"));
    }

    @Test
    void workflowJobsKeepTheLatestStateByCompletionThenStart() {
        assertTable(rebuild("workflow_jobs").contents("workflow_jobs", Set.of()),
                // 601: queued 10:00:00, started 10:00:45, completed 10:07:15; the in-progress delivery arrives
                // last (10:08) and loses, having no completed_at. Queued 45 s; ran 10:00:45 -> 10:07:15 = 390 s.
                row("repository_full_name", "fx-org/jobs", "organization_name", "fx-org", "workflow_job_id", "601",
                        "workflow_run_id", "70", "run_attempt", "1", "job_name", "test", "workflow_name", "CI",
                        "head_branch", "feature", "head_sha", sha('a', '6'), "status", "completed", "conclusion", "success",
                        "created_at", DAY + "10:00:00Z", "started_at", DAY + "10:00:45Z", "completed_at", DAY + "10:07:15Z",
                        "runner_name", "runner-7", "runner_group_name", "Default", "runner_labels", "ubuntu-latest,self-hosted",
                        "html_url", "https://github.com/fx-org/jobs/actions/runs/70/job/601",
                        "queued_seconds", "45", "duration_seconds", "390",
                        "last_action", "completed", "last_received", DAY + "10:07:16Z",
                        "state_version", "20261201100715.000000|20261201100045.000000|20261201100716.000000|wj-3"),
                // 602: neither delivery is completed; the one that started (11:02) wins over the "queued" one
                // delivered after it (11:05). Queued 11:00 -> 11:02 = 120 s; still running: no duration;
                // empty labels: NULL. wj-6 is not JSON: no row.
                row("repository_full_name", "fx-org/jobs", "organization_name", "fx-org", "workflow_job_id", "602",
                        "workflow_run_id", "70", "run_attempt", "2", "job_name", "test", "workflow_name", "CI",
                        "head_branch", "NULL", "head_sha", "NULL", "status", "in_progress", "conclusion", "NULL",
                        "created_at", DAY + "11:00:00Z", "started_at", DAY + "11:02:00Z", "completed_at", "NULL",
                        "runner_name", "NULL", "runner_group_name", "NULL", "runner_labels", "NULL", "html_url", "NULL",
                        "queued_seconds", "120", "duration_seconds", "NULL",
                        "last_action", "in_progress", "last_received", DAY + "11:02:01Z",
                        "state_version", "19700101000000.000000|20261201110200.000000|20261201110201.000000|wj-4"));
    }

    @Test
    void workflowRunsKeepTheLatestStateAndTheirArchivedLogs() {
        ScriptEngine engine = rebuild("workflow_runs",
                leechRows(Repo.analyticsTestdata().resolve("fixtures/workflow_runs.leech_status.json")));
        assertTable(engine.contents("workflow_runs", Set.of()),
                // attempt 1: completed (updated 10:05:10) beats the in-progress delivery that came last
                // (updated 10:02). Duration from run_started_at: 10:00:10 -> 10:05:10 = 300 s.
                // Logs of wr-2: FAILURE 10:10, SUCCESS 10:15, FAILURE 10:30 -> the SUCCESS row wins although
                // newer tries failed (logs_version '1' + its processed_at).
                run("1", "failure", "mona", "https://github.com/fx-org/runs/actions/runs/900", DAY + "10:00:10Z",
                        DAY + "10:05:10Z", "300", "SUCCESS", "gs://gma-logs/fx-org/runs/900/1/logs.zip", DAY + "10:15:00Z",
                        DAY + "10:05:11Z", "20261201100510.000000|20261201100511.000000|wr-2", "120261201101500.000000"),
                // attempt 2: no run_started_at, so the duration runs from created_at: 10:00:00 -> 10:20:00 =
                // 1200 s. Logs of wr-4: two failures, the newer (10:40) wins. The leech row of an unknown
                // delivery and wr-5 (truncated JSON, no repository read from it) change nothing.
                run("2", "success", "hubot", "NULL", "NULL",
                        DAY + "10:20:00Z", "1200", "FAILURE", "NULL", DAY + "10:40:00Z",
                        DAY + "10:20:01Z", "20261201102000.000000|20261201102001.000000|wr-4", "020261201104000.000000"));
    }

    private static Map<String, String> run(String attempt, String conclusion, String actor, String htmlUrl,
            String runStartedAt, String updatedAt, String durationSeconds, String logsStatus, String logsUri,
            String logsProcessedAt, String lastReceived, String stateVersion, String logsVersion) {
        return row("repository_full_name", "fx-org/runs", "organization_name", "fx-org", "workflow_run_id", "900",
                "run_attempt", attempt, "run_number", "42", "workflow_name", "CI", "workflow_path", ".github/workflows/ci.yml",
                "trigger_event", "push", "head_branch", "main", "head_sha", sha('a', '9'), "status", "completed",
                "conclusion", conclusion, "actor", actor, "html_url", htmlUrl, "created_at", DAY + "10:00:00Z",
                "run_started_at", runStartedAt, "updated_at", updatedAt, "duration_seconds", durationSeconds,
                "logs_status", logsStatus, "logs_uri", logsUri, "logs_processed_at", logsProcessedAt,
                "last_action", "completed", "last_received", lastReceived, "state_version", stateVersion,
                "logs_version", logsVersion);
    }

    @Test
    void pullRequestsKeepTheLatestStateWithDurationsSizeAndFirstReview() {
        assertTable(rebuild("pull_requests").contents("pull_requests", Set.of()),
                // #12: opened 09:00 (a draft, 40 + 9 = 49 lines, S), merged 11:00 (40 + 10 = 50 lines: M, the
                // bucket boundary); the synchronize delivery (updated 10:00) arrives last, at 11:30, and loses.
                // Open and time to merge 09:00 -> 11:00 = 7200 s. First review: the author's own review at
                // 09:30 does not count, octocat's at 10:15 does: 09:00 -> 10:15 = 4500 s.
                row("repository_full_name", "fx-org/pulls", "organization_name", "fx-org", "number", "12",
                        "pull_request_id", "1200", "title", "Add retries", "author", "mona", "state", "closed",
                        "merged", "true", "draft", "false", "base_branch", "main", "head_branch", "retries",
                        "head_sha", sha('c', 'd'), "merge_commit_sha", sha('e', 'f'), "default_branch", "main",
                        "created_at", DAY + "09:00:00Z", "updated_at", DAY + "11:00:00Z", "closed_at", DAY + "11:00:00Z",
                        "merged_at", DAY + "11:00:00Z", "open_duration_seconds", "7200", "time_to_merge_seconds", "7200",
                        "first_review_at", DAY + "10:15:00Z", "time_to_first_review_seconds", "4500",
                        "additions", "40", "deletions", "10", "changed_lines", "50", "changed_files", "3", "commits", "2",
                        "size_bucket", "M", "last_action", "closed", "last_received", DAY + "11:00:01Z",
                        "state_version", "20261201110000.000000|20261201110001.000000|pr-3"),
                // #13: open, no counts sent: no size bucket, no durations, no review; draft not sent: NULL.
                row("repository_full_name", "fx-org/pulls", "organization_name", "fx-org", "number", "13",
                        "pull_request_id", "1300", "title", "WIP", "author", "hubot", "state", "open",
                        "merged", "false", "draft", "NULL", "base_branch", "main", "head_branch", "wip",
                        "head_sha", "NULL", "merge_commit_sha", "NULL", "default_branch", "main",
                        "created_at", DAY + "12:00:00Z", "updated_at", DAY + "12:00:00Z", "closed_at", "NULL",
                        "merged_at", "NULL", "open_duration_seconds", "NULL", "time_to_merge_seconds", "NULL",
                        "first_review_at", "NULL", "time_to_first_review_seconds", "NULL",
                        "additions", "NULL", "deletions", "NULL", "changed_lines", "NULL", "changed_files", "NULL",
                        "commits", "NULL", "size_bucket", "NULL", "last_action", "opened", "last_received", DAY + "12:00:01Z",
                        "state_version", "20261201120000.000000|20261201120001.000000|pr-6"));
    }

    // ---------------------------------------------------------------------------------------------

    /** The derived tables rebuilt from all of history, with the fixture's deliveries as events. */
    static ScriptEngine rebuild(String fixture) {
        return rebuild(fixture, List.of());
    }

    static ScriptEngine rebuild(String fixture, List<Map<String, Object>> leechStatus) {
        Map<String, List<Map<String, Object>>> base = new LinkedHashMap<>();
        for (String table : TableSchema.TABLES) {
            base.put(table, new ArrayList<>());
        }
        base.put("events", TableRows.events(Repo.analyticsTestdata().resolve("fixtures/" + fixture + ".json")));
        base.put("leech_status", leechStatus);
        ScriptEngine engine = new ScriptEngine(base);
        engine.refresh(ALL_OF_HISTORY);
        return engine;
    }

    /** Rows of leech_status from a JSON array: integers as Long, everything else as text; absent is null. */
    static List<Map<String, Object>> leechRows(Path file) {
        try {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode r : JSON.readTree(Files.readString(file))) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    JsonNode v = f.getValue();
                    row.put(f.getKey(), v.isNull() ? null : v.isIntegralNumber() ? (Object) v.asLong() : v.asText());
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 40-character SHA: the two characters repeated. */
    static String sha(char a, char b) {
        return (String.valueOf(a) + b).repeat(20);
    }

    /** An expected row: column, value, column, value, ... */
    static Map<String, String> row(String... columnsAndValues) {
        if (columnsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("columns and values must pair up");
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            if (row.put(columnsAndValues[i], columnsAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("column named twice: " + columnsAndValues[i]);
            }
        }
        return row;
    }

    /**
     * The table holds exactly the rows expected, in any order, and every expected row names every
     * column of the table: nothing the SQL computes is left unchecked.
     */
    @SafeVarargs
    static void assertTable(Result actual, Map<String, String>... expected) {
        for (Map<String, String> e : expected) {
            List<String> missing = actual.columns().stream().filter(c -> !e.containsKey(c)).toList();
            List<String> unknown = e.keySet().stream().filter(c -> !actual.columns().contains(c)).toList();
            assertThat(missing.isEmpty() && unknown.isEmpty())
                    .as("an expected row must name every column of the table, and only those: missing %s, not in the table %s"
                            + " (a column was added or renamed: derive its value by hand and add it)", missing, unknown)
                    .isTrue();
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : actual.rows()) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < r.size(); i++) {
                m.put(actual.columns().get(i), r.get(i));
            }
            rows.add(m);
        }
        assertThat(rows).containsExactlyInAnyOrder(expected);
    }
}
