-- SQLite twin of terraform/views/dora_change_failure_rate.sql.
CREATE VIEW dora_change_failure_rate AS
WITH production AS (
  SELECT repository_full_name, deployment_id, outcome, completed_at
  FROM deployments
  WHERE is_production AND outcome IN ('success', 'failure')
),
with_incident AS (
  SELECT DISTINCT repository_full_name, deployment_id
  FROM dora_incidents
  WHERE kind = 'incident' AND deployment_id IS NOT NULL
)
SELECT
  p.repository_full_name,
  date(p.completed_at) AS day,
  COUNT(*) AS deployments,
  SUM(p.outcome = 'failure') AS failed_deployments,
  SUM(p.outcome = 'success' AND w.deployment_id IS NOT NULL) AS deployments_with_incident,
  (SUM(p.outcome = 'failure') + SUM(p.outcome = 'success' AND w.deployment_id IS NOT NULL)) * 1.0 / COUNT(*) AS change_failure_rate
FROM production AS p
LEFT JOIN with_incident AS w
  ON w.repository_full_name = p.repository_full_name AND w.deployment_id = p.deployment_id
GROUP BY p.repository_full_name, date(p.completed_at)
