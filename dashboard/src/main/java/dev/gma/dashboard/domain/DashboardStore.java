package dev.gma.dashboard.domain;

import dev.gma.dashboard.domain.Records.Change;
import dev.gma.dashboard.domain.Records.DailyChangeFailure;
import dev.gma.dashboard.domain.Records.DailyDeployments;
import dev.gma.dashboard.domain.Records.Deployment;
import dev.gma.dashboard.domain.Records.Incident;
import dev.gma.dashboard.domain.Records.PullRequest;
import dev.gma.dashboard.domain.Records.WorkflowRun;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's one read port over the derived tables: SQLite views locally, BigQuery tables on
 * Google Cloud. Every method filters by the query's range, organization, repository and team.
 */
public interface DashboardStore {

    /** Days of {@code dora_deployment_frequency} in the range. */
    List<DailyDeployments> deploymentFrequency(Query q);

    /** Days of {@code dora_change_failure_rate} in the range. */
    List<DailyChangeFailure> changeFailure(Query q);

    /** Changes of {@code dora_changes} deployed in the range. */
    List<Change> changes(Query q);

    /** Failures of {@code dora_incidents} that started in the range. */
    List<Incident> incidents(Query q);

    /** Pull requests created or merged in the range. */
    List<PullRequest> pullRequests(Query q);

    /** Workflow run attempts created in the range. */
    List<WorkflowRun> workflowRuns(Query q);

    /** Deployments created in the range, every environment. */
    List<Deployment> deployments(Query q);

    /** Every repository the derived tables know, sorted. */
    List<String> repositories();

    /** The newest day with any activity (pull request, deployment, run), if there is any. */
    Optional<LocalDate> latestActivity();

    /** Teams and their repositories (a repository may belong to several teams). */
    Map<String, List<String>> teams();
}
