-- workflow_runs (one row per attempt) whose attempt started in the range; created_at (the partition
-- column) is at or before run_started_at, so its upper bound prunes.
SELECT repository_full_name, workflow_run_id, run_attempt, workflow_name, head_branch, status, conclusion,
       run_started_at, duration_seconds, html_url, logs_status, logs_uri
FROM `{{dataset}}.workflow_runs`
WHERE run_started_at >= @from_ts AND run_started_at < @to_ts
  AND (created_at < @to_ts OR created_at IS NULL)
  AND {{filter}}
ORDER BY run_started_at, repository_full_name, workflow_run_id, run_attempt
