-- the newest day with activity: it ends the default range
SELECT MAX(d) AS latest_day FROM (
  SELECT DATE(MAX(updated_at)) AS d FROM `{{dataset}}.pull_requests`
  UNION ALL SELECT DATE(MAX(created_at)) FROM `{{dataset}}.deployments`
  UNION ALL SELECT DATE(MAX(run_started_at)) FROM `{{dataset}}.workflow_runs`
)
