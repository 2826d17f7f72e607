package dev.gma.dashboard.domain;

import java.time.Instant;
import java.time.LocalDate;

/** The rows the pages are computed from, one record per derived table read. */
public final class Records {

    private Records() {}

    /** {@code dora_deployment_frequency}: production deployments that first succeeded on a day. */
    public record DailyDeployments(String repository, LocalDate day, long deployments) {}

    /** {@code dora_change_failure_rate}: per repository and day. */
    public record DailyChangeFailure(String repository, LocalDate day, long deployments, long failedDeployments,
                                     long deploymentsWithIncident) {}

    /** {@code dora_changes}: a merged pull request and the deployment that shipped it. */
    public record Change(String repository, long pullRequestNumber, Instant mergedAt, Long deploymentId,
                         Instant deployedAt, Long leadTimeSeconds) {}

    /** {@code dora_incidents}: a production failure (incident issue or failed deployment). */
    public record Incident(String repository, String kind, Long issueNumber, Long deploymentId, Instant startedAt,
                           Instant restoredAt, Long restoreSeconds, String source) {}

    /** {@code pull_requests}. */
    public record PullRequest(String repository, long number, String title, String author, String state,
                              boolean merged, Instant createdAt, Instant mergedAt, Long timeToMergeSeconds,
                              Instant firstReviewAt, Long timeToFirstReviewSeconds, Long changedLines,
                              String sizeBucket) {}

    /** {@code workflow_runs}: one run attempt. */
    public record WorkflowRun(String repository, long runId, long attempt, String workflowName, String headBranch,
                              String status, String conclusion, Instant startedAt, Long durationSeconds,
                              String htmlUrl, String logsStatus, String logsUri) {}

    /** {@code deployments}. */
    public record Deployment(String repository, long deploymentId, String environment, boolean production,
                             String sha, String creator, Instant createdAt, String outcome, Instant completedAt,
                             Long durationSeconds, String source) {}
}
