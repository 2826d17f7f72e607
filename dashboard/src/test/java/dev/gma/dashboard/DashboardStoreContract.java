package dev.gma.dashboard;

import static dev.gma.dashboard.TestStores.WEEK_FROM;
import static dev.gma.dashboard.TestStores.WEEK_TO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gma.dashboard.domain.DashboardStore;
import dev.gma.dashboard.domain.Query;
import dev.gma.dashboard.domain.Records.Change;
import dev.gma.dashboard.domain.Records.DailyChangeFailure;
import dev.gma.dashboard.domain.Records.DailyDeployments;
import dev.gma.dashboard.domain.Records.Deployment;
import dev.gma.dashboard.domain.Records.Incident;
import dev.gma.dashboard.domain.Records.PullRequest;
import dev.gma.dashboard.domain.Records.WorkflowRun;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The read port's contract, run against each adapter over the analytics testdata
 * (testdata/analytics/events.json; rows as in testdata/analytics/expected/*.tsv).
 */
public abstract class DashboardStoreContract {

    private static final String HELLO = "octo-org/hello-world";
    private static final String PAYMENTS = "octo-org/payments";
    private static final String OPS = "octo-org/ops-tools";

    /** The adapter under test, over the analytics testdata and the demo teams. */
    protected abstract DashboardStore store();

    protected static Query week() {
        return new Query(WEEK_FROM, WEEK_TO, null, null, null, null);
    }

    private static LocalDate day(String d) {
        return LocalDate.parse(d);
    }

    @Test
    void deploymentFrequencyIsTheDailyTableInTheRange() {
        assertThat(store().deploymentFrequency(week())).containsExactly(
                new DailyDeployments(HELLO, day("2026-11-20"), 2),
                new DailyDeployments(OPS, day("2026-11-20"), 1),
                new DailyDeployments(HELLO, day("2026-11-21"), 1),
                new DailyDeployments(PAYMENTS, day("2026-11-21"), 1));
    }

    @Test
    void changeFailureIsTheDailyTableInTheRange() {
        assertThat(store().changeFailure(week())).containsExactly(
                new DailyChangeFailure(HELLO, day("2026-11-20"), 2, 0, 1),
                new DailyChangeFailure(OPS, day("2026-11-20"), 1, 0, 1),
                new DailyChangeFailure(HELLO, day("2026-11-21"), 3, 2, 0),
                new DailyChangeFailure(OPS, day("2026-11-21"), 1, 1, 0),
                new DailyChangeFailure(PAYMENTS, day("2026-11-21"), 1, 0, 1));
    }

    @Test
    void changesAreThoseDeployedInTheRange() {
        List<Change> changes = store().changes(week());
        assertThat(changes).hasSize(8).extracting(Change::leadTimeSeconds)
                .containsExactlyInAnyOrder(11040L, 81000L, 9000L, 36000L, 3600L, 7200L, 14400L, null);
        assertThat(changes).filteredOn(c -> Long.valueOf(42).equals(c.pullRequestNumber())).singleElement().isEqualTo(
                new Change(HELLO, 42L, Instant.parse("2026-11-20T11:00:00Z"), "1234567", Instant.parse("2026-11-20T11:14:00Z"), 11040L));
        assertThat(changes).as("a reported direct push: no pull request, no first commit, no lead time")
                .filteredOn(c -> c.pullRequestNumber() == null).singleElement()
                .isEqualTo(new Change(OPS, null, null, "custom:ops-1", Instant.parse("2026-11-20T15:05:00Z"), null));
        assertThat(store().changes(new Query(day("2026-11-20"), day("2026-11-20"), null, null, null, null)))
                .extracting(Change::pullRequestNumber).containsExactly(42L, null);
    }

    @Test
    void incidentsAreThoseStartedInTheRangeOpenOnesIncluded() {
        List<Incident> incidents = store().incidents(week());
        assertThat(incidents).hasSize(8);
        assertThat(incidents.get(0)).isEqualTo(new Incident(HELLO, "incident", 1347L, "1347", "1001",
                Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T12:30:00Z"), 9000L, "github"));
        assertThat(incidents).filteredOn(i -> i.restoredAt() == null).extracting(Incident::repository, Incident::kind, Incident::source)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(HELLO, "failed_deployment", "github"),
                        org.assertj.core.groups.Tuple.tuple(OPS, "failed_deployment", "custom"),
                        org.assertj.core.groups.Tuple.tuple(OPS, "incident", "pagerduty"),
                        org.assertj.core.groups.Tuple.tuple(PAYMENTS, "incident", "github"));
        assertThat(incidents).filteredOn(i -> "ops-inc-1".equals(i.incidentId())).singleElement().isEqualTo(new Incident(OPS,
                "incident", null, "ops-inc-1", "custom:ops-1", Instant.parse("2026-11-21T09:00:00Z"),
                Instant.parse("2026-11-21T09:45:00Z"), 2700L, "custom"));
    }

    @Test
    void pullRequestsCreatedOrMergedInTheRange() {
        List<PullRequest> prs = store().pullRequests(week());
        assertThat(prs).hasSize(10);
        PullRequest pr42 = prs.stream().filter(p -> p.repository().equals(HELLO) && p.number() == 42).findFirst().orElseThrow();
        assertThat(pr42).isEqualTo(new PullRequest(HELLO, 42, "Retry checkout calls on 502", "monalisa", "closed", true,
                Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-20T11:00:00Z"), 7200L,
                Instant.parse("2026-11-20T10:05:00Z"), 3900L, 155L, "M"));
        PullRequest open = prs.stream().filter(p -> p.number() == 47).findFirst().orElseThrow();
        assertThat(open.merged()).isFalse();
        assertThat(open.mergedAt()).isNull();
        // merged on 2026-11-21, created the day before: in a range of the merge day only
        assertThat(store().pullRequests(new Query(day("2026-11-21"), day("2026-11-21"), null, null, null, null)))
                .extracting(PullRequest::number).contains(43L).doesNotContain(42L, 46L);
    }

    @Test
    void workflowRunsAreAttemptsStartedInTheRangeWithTheirArchivedLogs() {
        assertThat(store().workflowRuns(week())).containsExactly(
                new WorkflowRun(HELLO, 30433642, 1, "CI", "main", "completed", "success", Instant.parse("2026-11-20T11:00:05Z"),
                        390L, "https://github.com/octo-org/hello-world/actions/runs/30433642", "SUCCESS",
                        "gs://gma-logs/octo-org/hello-world/30433642/1/logs.zip"),
                new WorkflowRun(HELLO, 30433642, 2, "CI", "main", "completed", "failure", Instant.parse("2026-11-21T17:00:00Z"),
                        600L, "https://github.com/octo-org/hello-world/actions/runs/30433642/attempts/2", null, null));
    }

    @Test
    void deploymentsOfEveryEnvironmentNewestFirst() {
        List<Deployment> deployments = store().deployments(week());
        assertThat(deployments).extracting(Deployment::deploymentKey).containsExactly("1006", "2001", "1005", "custom:ops-2",
                "1004", "custom:ops-1", "1003", "1234567", "1001");
        assertThat(deployments.get(1)).isEqualTo(new Deployment(PAYMENTS, "2001", "Production-EU", true,
                "4444444444444444444444444444444444444444", "hubot", null, Instant.parse("2026-11-21T11:50:00Z"), "success",
                Instant.parse("2026-11-21T12:00:00Z"), 600L, null, "github"));
        assertThat(deployments.get(3)).extracting(Deployment::repository, Deployment::service, Deployment::outcome, Deployment::source)
                .containsExactly(OPS, "ops-api", "failure", "custom");
        assertThat(deployments).filteredOn(d -> !d.production()).extracting(Deployment::environment).containsExactly("staging");
    }

    @Test
    void aTeamFiltersEveryTableToItsRepositories() {
        Query payments = new Query(WEEK_FROM, WEEK_TO, null, null, "payments", List.of(PAYMENTS));
        assertThat(store().deploymentFrequency(payments)).containsExactly(new DailyDeployments(PAYMENTS, day("2026-11-21"), 1));
        assertThat(store().changes(payments)).extracting(Change::repository).hasSize(4).containsOnly(PAYMENTS);
        assertThat(store().incidents(payments)).extracting(Incident::repository).hasSize(2).containsOnly(PAYMENTS);
        assertThat(store().pullRequests(payments)).hasSize(4);
        assertThat(store().workflowRuns(payments)).isEmpty();
        assertThat(store().deployments(payments)).extracting(Deployment::deploymentKey).containsExactly("2001");
        Query nobody = new Query(WEEK_FROM, WEEK_TO, null, null, "nobody", List.of());
        assertThat(store().deployments(nobody)).as("a team without repositories sees nothing").isEmpty();
    }

    @Test
    void organizationAndRepositoryFilter() {
        assertThat(store().deployments(new Query(WEEK_FROM, WEEK_TO, "octo-org", null, null, null))).hasSize(9);
        assertThat(store().deployments(new Query(WEEK_FROM, WEEK_TO, "octo", null, null, null)))
                .as("an organization is a whole owner name, not a prefix").isEmpty();
        assertThat(store().deployments(new Query(WEEK_FROM, WEEK_TO, null, HELLO, null, null))).hasSize(6);
        assertThat(store().deployments(new Query(WEEK_FROM, WEEK_TO, null, "x' OR '1'='1", null, null))).isEmpty();
    }

    @Test
    void aRangeWithoutActivityIsEmpty() {
        Query before = new Query(day("2026-10-01"), day("2026-10-31"), null, null, null, null);
        assertThat(store().deploymentFrequency(before)).isEmpty();
        assertThat(store().pullRequests(before)).isEmpty();
        assertThat(store().incidents(before)).isEmpty();
    }

    @Test
    void repositoriesLatestActivityAndTeams() {
        assertThat(store().repositories()).containsExactly(HELLO, OPS, PAYMENTS);
        assertThat(store().latestActivity()).contains(day("2026-11-21"));
        assertThat(store().teams()).isEqualTo(Map.of("payments", List.of(PAYMENTS), "platform", List.of(OPS),
                "product", List.of(HELLO, PAYMENTS), "storefront", List.of(HELLO)));
    }
}
