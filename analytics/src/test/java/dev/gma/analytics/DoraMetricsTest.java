package dev.gma.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-checked history of testdata/analytics/events.json, spelled out: what each view must say
 * and why. (The golden files hold the same numbers; this test says where they come from.)
 *
 * <p>octo-org/hello-world, production deployments: day 1 (2026-11-20) D1001 success 09:40 and
 * D1234567 success 11:14; day 2 (2026-11-21) D1004 failure 09:10, D1005 success 10:30 (then
 * inactive 17:00), D1006 error 14:05. Staging D1003 is not production. Incident issue #1347 opened
 * 10:00 and closed 12:30 on day 1; issue #1350 is a plain bug.
 *
 * <p>octo-org/payments, day 2: four pull requests merged 11:30 whose first commits are 1, 2, 4 and 10
 * hours before deployment D2001 to "Production-EU" succeeds at 12:00; incidents #70 ("Incident",
 * 13:00 to 13:30) and #71 (opened 15:00, still open).
 */
class DoraMetricsTest {

    static Map<String, Result> views;

    @BeforeAll
    static void run() {
        views = BigQueryViewsTest.runViews();
    }

    static final String HELLO = "octo-org/hello-world";
    static final String PAYMENTS = "octo-org/payments";

    /** Rows of a view for octo-org/hello-world. */
    static List<List<String>> rows(String view, String... columns) {
        return rowsOf(HELLO, view, columns);
    }

    static List<List<String>> rowsOf(String repository, String view, String... columns) {
        List<String> withRepo = new java.util.ArrayList<>(List.of("repository_full_name"));
        withRepo.addAll(List.of(columns));
        return views.get(view).project(withRepo).rows().stream()
                .filter(r -> r.get(0).equals(repository))
                .map(r -> r.subList(1, r.size()))
                .toList();
    }

    @Test
    void deploymentFrequencyCountsSuccessfulProductionDeploymentsPerDay() {
        assertThat(rows("dora_deployment_frequency", "day", "deployments")).containsExactly(
                List.of("2026-11-20", "2"),  // D1001, D1234567 (its success status was delivered twice)
                List.of("2026-11-21", "1")); // D1005; D1004 and D1006 failed, D1003 is staging
    }

    @Test
    void leadTimeRunsFromTheFirstCommitOfAChangeToTheDeploymentThatShippedIt() {
        assertThat(rows("dora_changes", "pull_request_number", "first_commit_source", "deployment_id", "lead_time_seconds"))
                .containsExactly(
                        // #42: first commit 08:10 on its head branch, merged 11:00, shipped by D1234567 at 11:14
                        List.of("42", "head_branch_commits", "1234567", "11040"),
                        // #43: squash-merged from a fork, no head-branch push seen: created 12:00 day 1 -> D1005 10:30 day 2
                        List.of("43", "pull_request_created_at", "1005", "81000"),
                        // #44: first commit 08:00, merged 09:30 after D1004 failed -> D1005 10:30
                        List.of("44", "head_branch_commits", "1005", "9000"),
                        // #45: merged 15:00 day 2, no successful production deployment since
                        List.of("45", "pull_request_created_at", "NULL", "NULL"));
        assertThat(rows("dora_lead_time", "day", "changes", "lead_time_median_hours", "lead_time_p90_hours")).containsExactly(
                List.of("2026-11-20", "1", "3.066667", "3.066667"), // 11040 s
                List.of("2026-11-21", "2", "12.5", "20.5"));          // 9000 and 81000 s: median 45000 s, p90 9000 + 0.9 * 72000 s
    }

    @Test
    void changeFailureRateCountsFailedDeploymentsAndDeploymentsAnIncidentIsLinkedTo() {
        assertThat(rows("dora_change_failure_rate", "day", "deployments", "failed_deployments", "deployments_with_incident",
                "change_failure_rate")).containsExactly(
                List.of("2026-11-20", "2", "0", "1", "0.5"),       // #1347 opened 10:00, after D1001's success at 09:40
                List.of("2026-11-21", "3", "2", "0", "0.666667")); // D1004 failure, D1006 error
    }

    @Test
    void timeToRestoreRunsFromIncidentOpenToCloseOrFailedDeploymentToTheNextSuccess() {
        assertThat(rows("dora_incidents", "kind", "deployment_id", "restore_seconds")).containsExactly(
                List.of("failed_deployment", "1004", "4800"), // 09:10 -> D1005 10:30
                List.of("failed_deployment", "1006", "NULL"), // no success after 14:05 yet
                List.of("incident", "1001", "9000"));         // 10:00 -> 12:30
        assertThat(rows("dora_time_to_restore", "day", "failures", "restored", "time_to_restore_median_hours")).containsExactly(
                List.of("2026-11-20", "1", "1", "2.5"),
                List.of("2026-11-21", "2", "1", "1.333333"));
    }

    @Test
    void percentilesInterpolateAndPatternsIgnoreCase() {
        // 3600, 7200, 14400, 36000 s: median at position 1.5 = 10800 s; p90 at 2.7 = 14400 + 0.7 * 21600 s
        assertThat(rowsOf(PAYMENTS, "dora_lead_time", "day", "changes", "lead_time_median_hours", "lead_time_p90_hours"))
                .containsExactly(List.of("2026-11-21", "4", "3", "8.2"));
        assertThat(rowsOf(PAYMENTS, "dora_deployment_frequency", "day", "deployments"))
                .containsExactly(List.of("2026-11-21", "1")); // "Production-EU" matches (?i)^prod
        assertThat(rowsOf(PAYMENTS, "dora_change_failure_rate", "deployments", "deployments_with_incident", "change_failure_rate"))
                .containsExactly(List.of("1", "1", "1")); // two incidents, one deployment: counted once
        assertThat(rowsOf(PAYMENTS, "dora_time_to_restore", "failures", "restored", "time_to_restore_median_hours"))
                .containsExactly(List.of("2", "1", "0.5")); // #71 is still open: counted, not in the median
    }

    @Test
    void eventsUniqueKeepsOneRowPerDeliveryTheLatestReceived() {
        Result unique = views.get("events_unique");
        assertThat(unique.rows()).hasSize(TableRows.events().size() - 3); // three redeliveries in the testdata
        assertThat(unique.project(List.of("delivery_id")).rows()).doesNotHaveDuplicates();
        assertThat(unique.project(List.of("delivery_id", "signature", "received")).rows())
                .contains(List.of("d-pr42-closed", "sha256=redelivered", "2026-11-20T11:30:00Z"));
    }

    /**
     * octo-org/ops-tools deploys with Jenkins and reports it: ops-1 (success 11-20 15:05, reported
     * twice) and ops-2 (failure 11-21 10:00), both naming service ops-api. Incident ops-inc-1 names
     * only that service (opened 11-21 09:00, resolved 09:45); PagerDuty PX1 on ops-api (11-21 16:00)
     * is still open.
     */
    @Test
    void reportedDeploymentsAndServiceIncidentsCountForTheServicesRepository() {
        String ops = "octo-org/ops-tools";
        assertThat(rowsOf(ops, "dora_deployment_frequency", "day", "deployments"))
                .containsExactly(List.of("2026-11-20", "1")); // ops-1 once, however often reported
        assertThat(rowsOf(ops, "dora_incidents", "kind", "source", "incident_id", "deployment_key", "restore_seconds"))
                .containsExactlyInAnyOrder(
                        List.of("failed_deployment", "custom", "NULL", "custom:ops-2", "NULL"), // no success since
                        List.of("incident", "custom", "ops-inc-1", "custom:ops-1", "2700"),  // 45 min
                        List.of("incident", "pagerduty", "PX1", "custom:ops-1", "NULL"));    // ops-2 failed: ops-1 was live
        assertThat(rowsOf(ops, "dora_change_failure_rate", "day", "deployments", "failed_deployments", "deployments_with_incident"))
                .containsExactly(List.of("2026-11-20", "1", "0", "1"), List.of("2026-11-21", "1", "1", "0"));
        assertThat(rowsOf(ops, "dora_time_to_restore", "day", "failures", "restored", "time_to_restore_median_hours"))
                .containsExactly(List.of("2026-11-21", "3", "1", "0.75"));
    }

    @Test
    void brokenOrMissingPayloadsAreKeptButNeverBreakAView() {
        assertThat(views.get("events_unique").project(List.of("delivery_id")).rows())
                .contains(List.of("d-041"), List.of("d-oversized"), List.of("d-043")); // not JSON, payload_uri only, empty PR
        assertThat(rows("pull_requests", "number")).containsExactly(
                List.of("42"), List.of("43"), List.of("44"), List.of("45"), List.of("46"), List.of("47"));
        assertThat(views.get("pull_requests").project(List.of("repository_full_name")).rows()).doesNotContain(List.of("NULL"));
        assertThat(rows("pushes", "delivery_id")).doesNotContain(List.of("d-oversized"));
    }

    @Test
    void pullRequestsCarryDurationsAndSizeBuckets() {
        assertThat(rows("pull_requests", "number", "merged", "open_duration_seconds", "time_to_first_review_seconds",
                "changed_lines", "size_bucket")).containsExactly(
                List.of("42", "true", "7200", "3900", "155", "M"),   // review by octocat 10:05
                List.of("43", "true", "75900", "NULL", "5", "XS"),
                List.of("44", "true", "2700", "900", "45", "S"),     // the author's own comment at 08:50 is not a review
                List.of("45", "true", "18000", "NULL", "1100", "XL"),
                List.of("46", "false", "7200", "NULL", "300", "L"),  // closed without merge
                List.of("47", "false", "NULL", "NULL", "1", "XS"));  // still open
    }
}
