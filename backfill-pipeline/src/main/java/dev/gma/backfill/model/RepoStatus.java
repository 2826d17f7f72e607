package dev.gma.backfill.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code backfill_status} row: how a launch left a repository.
 *
 * @param status DONE (read to the end), PARTIAL (read to the end, but a list after the first answered 403,
 *               404 or 410 and was skipped: a dead letter and {@code error} name it), SKIPPED (a launch with the same since had finished it),
 *               FAILED (GitHub refused or kept failing: dead letter written, checkpoint kept),
 *               RATE_LIMITED (the limit lifts after the launch's deadline: checkpoint kept)
 * @param events events written by this launch
 */
public record RepoStatus(String repository, long installationId, String since, String status, long events,
                         long pages, String error, Instant finishedAt) implements Serializable {

    public static final String DONE = "DONE";
    public static final String PARTIAL = "PARTIAL";
    public static final String SKIPPED = "SKIPPED";
    public static final String FAILED = "FAILED";
    public static final String RATE_LIMITED = "RATE_LIMITED";

    public Map<String, Object> toRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("repository_full_name", repository);
        row.put("installation_id", installationId);
        row.put("since", since);
        row.put("status", status);
        row.put("events", events);
        row.put("pages", pages);
        row.put("error", error);
        row.put("finished_at", finishedAt);
        return row;
    }
}
