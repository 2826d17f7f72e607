package dev.gma.dashboard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gma.dashboard.domain.Records.Change;
import dev.gma.dashboard.domain.Records.DailyChangeFailure;
import dev.gma.dashboard.domain.Records.DailyDeployments;
import dev.gma.dashboard.domain.Records.Deployment;
import dev.gma.dashboard.domain.Records.Incident;
import dev.gma.dashboard.domain.Records.PullRequest;
import dev.gma.dashboard.domain.Records.WorkflowRun;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The page figures from rows, over an in-memory store: what the adapters' contract does not cover. */
class DashboardServiceTest {

    private static final Clock MONDAY = Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC);

    /** Rows given by the test; every query answers all of them (the adapters' filtering is their contract). */
    private static final class Rows implements DashboardStore {
        final List<WorkflowRun> runs = new ArrayList<>();
        LocalDate latest;

        @Override public List<DailyDeployments> deploymentFrequency(Query q) { return List.of(); }
        @Override public List<DailyChangeFailure> changeFailure(Query q) { return List.of(); }
        @Override public List<Change> changes(Query q) { return List.of(); }
        @Override public List<Incident> incidents(Query q) { return List.of(); }
        @Override public List<PullRequest> pullRequests(Query q) { return List.of(); }
        @Override public List<WorkflowRun> workflowRuns(Query q) { return runs; }
        @Override public List<Deployment> deployments(Query q) { return List.of(); }
        @Override public List<String> repositories() { return List.of(); }
        @Override public Optional<LocalDate> latestActivity() { return Optional.ofNullable(latest); }
        @Override public Map<String, List<String>> teams() { return Map.of("web", List.of("o/site")); }
    }

    private static WorkflowRun run(long id, String conclusion, Long seconds, String logsUri) {
        return new WorkflowRun("o/site", id, 1, "CI", "main", "completed", conclusion,
                Instant.parse("2026-11-20T10:00:00Z").plusSeconds(id), seconds, "https://github.com/o/site/actions/runs/" + id,
                logsUri == null ? null : "SUCCESS", logsUri);
    }

    @Test
    void failingRunsLinkTheirArchivedLogsAndCancelledRunsDoNotCount() {
        Rows rows = new Rows();
        rows.runs.add(run(1, "success", 100L, null));
        rows.runs.add(run(2, "failure", 300L, "gs://logs/o/site/2/1/logs.zip"));
        rows.runs.add(run(3, "timed_out", 200L, "/data/bucket/o/site/3/1/logs.zip"));
        rows.runs.add(run(4, "cancelled", 5L, null));
        DashboardService service = new DashboardService(rows, MONDAY);

        Map<String, Object> ci = service.ci(service.query("2026-11-16", "2026-11-22", null, null, null));

        assertThat(ci.get("success_rate")).isEqualTo(1.0 / 3);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> failing = (List<Map<String, Object>>) ci.get("failing");
        assertThat(failing).extracting(f -> f.get("run_id")).containsExactly(3L, 2L);
        assertThat(failing.get(1).get("logs_url")).isEqualTo("https://console.cloud.google.com/storage/browser/_details/logs/o/site/2/1/logs.zip");
        assertThat(failing.get(0).get("logs_url")).isEqualTo("/logs?uri=%2Fdata%2Fbucket%2Fo%2Fsite%2F3%2F1%2Flogs.zip");
        @SuppressWarnings("unchecked")
        Map<String, Object> workflow = ((List<Map<String, Object>>) ci.get("workflows")).get(0);
        assertThat(workflow).containsEntry("runs", 4).containsEntry("succeeded", 1L).containsEntry("failed", 2L);
        assertThat(workflow.get("duration_p50_seconds")).isEqualTo(150.0); // 5 100 200 300
    }

    @Test
    void theDefaultRangeIsTwelveWeeksUpToTheNewestActivityOrToday() {
        Rows rows = new Rows();
        DashboardService service = new DashboardService(rows, MONDAY);
        assertThat(service.query(null, null, null, null, null)).satisfies(q -> {
            assertThat(q.to()).isEqualTo(LocalDate.parse("2026-11-30"));
            assertThat(q.from()).isEqualTo(LocalDate.parse("2026-09-14"));
        });
        rows.latest = LocalDate.parse("2026-11-21");
        assertThat(service.query("", " ", null, null, null).from()).isEqualTo(LocalDate.parse("2026-08-31"));
        assertThat(service.query("2026-01-05", null, null, null, null).to()).isEqualTo(LocalDate.parse("2026-03-29"));
    }

    @Test
    void aTeamBecomesItsRepositoriesAndBadFiltersAreExplained() {
        DashboardService service = new DashboardService(new Rows(), MONDAY);
        assertThat(service.query("2026-11-16", "2026-11-22", " o ", "", "web").teamRepositories()).containsExactly("o/site");
        assertThat(service.query("2026-11-16", "2026-11-22", " o ", "", "web").organization()).isEqualTo("o");
        assertThatThrownBy(() -> service.query("2026-11-16", "2026-11-22", null, null, "ops"))
                .hasMessageContaining("unknown team 'ops'");
        assertThatThrownBy(() -> service.query("2024-01-01", "2026-11-22", null, null, null)).hasMessageContaining("731 days");
        assertThatThrownBy(() -> service.query("16/11/2026", null, null, null, null)).hasMessageContaining("YYYY-MM-DD");
    }
}
