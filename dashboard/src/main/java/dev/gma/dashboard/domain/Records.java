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

    /**
     * {@code dora_changes}: a merged pull request (or a reported direct push: no pull request number)
     * and the deployment that shipped it.
     */
    public record Change(String repository, Long pullRequestNumber, Instant mergedAt, String deploymentKey,
                         Instant deployedAt, Long leadTimeSeconds) {}

    /** {@code dora_incidents}: a production failure (incident issue or failed deployment). */
    public record Incident(String repository, String kind, Long issueNumber, String incidentId, String deploymentKey,
                           Instant startedAt, Instant restoredAt, Long restoreSeconds, String source) {}

    /** {@code pull_requests}. */
    public record PullRequest(String repository, long number, String title, String author, String state,
                              boolean merged, Instant createdAt, Instant mergedAt, Long timeToMergeSeconds,
                              Instant firstReviewAt, Long timeToFirstReviewSeconds, Long changedLines,
                              String sizeBucket) {}

    /** {@code workflow_runs}: one run attempt. */
    public record WorkflowRun(String repository, long runId, long attempt, String workflowName, String headBranch,
                              String status, String conclusion, Instant startedAt, Long durationSeconds,
                              String htmlUrl, String logsStatus, String logsUri) {}

    /**
     * {@code deployments}: a GitHub deployment (its id is the key) or a reported one ({@code custom:…}
     * key, no id), with the source it came from.
     */
    public record Deployment(String repository, String deploymentKey, String environment, boolean production,
                             String sha, String creator, String service, Instant createdAt, String outcome,
                             Instant completedAt, Long durationSeconds, String url, String source) {}
}
