package dev.gma.leech.model;

import java.io.Serializable;

/** One run attempt whose logs are to be copied, with what its status row reports. */
public record WorkflowRunJob(
        String deliveryId,
        int attempt,
        String owner,
        String repo,
        long runId,
        int runAttempt,
        long installationId,
        String actor,
        String workflowUri) implements Serializable {

    /** {@code <owner>/<repo>/<run_id>/<attempt>/logs.zip}, under the bucket. */
    public String objectPath() {
        return owner + "/" + repo + "/" + runId + "/" + runAttempt + "/logs.zip";
    }

    public String repositorySlug() {
        return owner + "/" + repo;
    }
}
