package dev.gma.leech.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One {@code leech_status} row (schema: terraform/schemas/leech_status.json). */
public record LeechStatus(
        String deliveryId,
        Instant processedAt,
        Outcome status,
        int attempt,
        String workflowUri,
        String logsUri,
        Long bytes,
        String sha256,
        String actor,
        String organizationName,
        String repositoryName,
        String error) implements Serializable {

    public static LeechStatus success(WorkflowRunJob job, Instant at, String logsUri, long bytes, String sha256) {
        return of(job, at, Outcome.SUCCESS, logsUri, bytes, sha256, null);
    }

    public static LeechStatus notFound(WorkflowRunJob job, Instant at, String error) {
        return of(job, at, Outcome.NOT_FOUND, null, null, null, error);
    }

    public static LeechStatus failure(WorkflowRunJob job, Instant at, String error) {
        return of(job, at, Outcome.FAILURE, null, null, null, error);
    }

    /** A failure before the payload could be read as a workflow run: only the delivery is known. */
    public static LeechStatus unreadable(PendingEvent event, Instant at, String error) {
        return new LeechStatus(event.deliveryId(), at, Outcome.FAILURE, event.attempt(), null, null, null, null,
                null, null, null, error);
    }

    private static LeechStatus of(WorkflowRunJob job, Instant at, Outcome outcome, String logsUri, Long bytes,
                                  String sha256, String error) {
        return new LeechStatus(job.deliveryId(), at, outcome, job.attempt(), job.workflowUri(), logsUri, bytes,
                sha256, job.actor(), job.owner(), job.repo(), error);
    }

    public String repositorySlug() {
        return organizationName == null || repositoryName == null ? null : organizationName + "/" + repositoryName;
    }

    /** Column name to value, nulls included, in the schema's names. */
    public Map<String, Object> toRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("delivery_id", deliveryId);
        row.put("processed_at", processedAt);
        row.put("status", status.name());
        row.put("workflow_uri", workflowUri);
        row.put("logs_uri", logsUri);
        row.put("bytes", bytes);
        row.put("sha256", sha256);
        row.put("github_actor", actor);
        row.put("organization_name", organizationName);
        row.put("repository_name", repositoryName);
        row.put("repository_slug", repositorySlug());
        row.put("error", error);
        row.put("attempt", attempt);
        return row;
    }
}
