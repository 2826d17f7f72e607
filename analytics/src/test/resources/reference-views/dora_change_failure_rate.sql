-- dora_change_failure_rate: per repository and UTC day a production-like deployment completed, the share
-- of those deployments that failed (outcome failure) or that an incident issue was linked to.
WITH production AS (
  SELECT repository_full_name, deployment_id, outcome, completed_at
  FROM `${project}.${dataset}.deployments`
  WHERE is_production AND outcome IN ('success', 'failure')
),
with_incident AS (
  SELECT DISTINCT repository_full_name, deployment_id
  FROM `${project}.${dataset}.dora_incidents`
  WHERE kind = 'incident' AND deployment_id IS NOT NULL
)
SELECT
  p.repository_full_name,
  DATE(p.completed_at) AS day,
  COUNT(*) AS deployments,
  COUNTIF(p.outcome = 'failure') AS failed_deployments,
  COUNTIF(p.outcome = 'success' AND w.deployment_id IS NOT NULL) AS deployments_with_incident,
  (COUNTIF(p.outcome = 'failure') + COUNTIF(p.outcome = 'success' AND w.deployment_id IS NOT NULL)) / COUNT(*) AS change_failure_rate
FROM production AS p
LEFT JOIN with_incident AS w
  ON w.repository_full_name = p.repository_full_name AND w.deployment_id = p.deployment_id
GROUP BY p.repository_full_name, day
