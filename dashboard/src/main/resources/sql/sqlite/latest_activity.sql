-- the newest day with activity: it ends the default range
SELECT MAX(d) AS latest_day FROM (
  SELECT MAX(substr(updated_at, 1, 10)) AS d FROM pull_requests
  UNION ALL SELECT MAX(substr(created_at, 1, 10)) FROM deployments
  UNION ALL SELECT MAX(substr(run_started_at, 1, 10)) FROM workflow_runs
)
