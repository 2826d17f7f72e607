-- workflow_runs (one row per attempt) whose attempt started in the range
SELECT repository_full_name, workflow_run_id, run_attempt, workflow_name, head_branch, status, conclusion,
       run_started_at, duration_seconds, html_url, logs_status, logs_uri
FROM workflow_runs
WHERE run_started_at >= :from_day AND run_started_at < :to_day_exclusive
  AND {{filter}}
ORDER BY run_started_at, repository_full_name, workflow_run_id, run_attempt
