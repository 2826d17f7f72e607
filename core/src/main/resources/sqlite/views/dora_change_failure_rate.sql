-- SQLite twin of the BigQuery table dora_change_failure_rate.
CREATE VIEW dora_change_failure_rate AS
WITH production AS (
  SELECT repository_full_name, deployment_key, outcome, completed_at
  FROM deployments
  WHERE is_production AND outcome IN ('success', 'failure')
    AND unixepoch(completed_at) < unixepoch(created_at) + 7776000 -- completed within the DORA horizon
),
with_incident AS (
  SELECT DISTINCT repository_full_name, deployment_key
  FROM dora_incidents
  WHERE kind = 'incident' AND deployment_key IS NOT NULL
)
SELECT
  p.repository_full_name,
  date(p.completed_at) AS day,
  COUNT(*) AS deployments,
  SUM(p.outcome = 'failure') AS failed_deployments,
  SUM(p.outcome = 'success' AND w.deployment_key IS NOT NULL) AS deployments_with_incident,
  (SUM(p.outcome = 'failure') + SUM(p.outcome = 'success' AND w.deployment_key IS NOT NULL)) * 1.0 / COUNT(*) AS change_failure_rate
FROM production AS p
LEFT JOIN with_incident AS w
  ON w.repository_full_name = p.repository_full_name AND w.deployment_key = p.deployment_key
GROUP BY p.repository_full_name, date(p.completed_at)
