-- dora_change_failure_rate: per repository and UTC day a production-like deployment completed, the share
-- of those deployments (any source) that failed (outcome failure) or that an incident was linked to.
-- Only the (repository, day) pairs whose inputs changed in this refresh are recomputed.
DELETE FROM `${project}.${dataset}.dora_change_failure_rate` AS t
WHERE t.day >= DATE(dora_days_from) AND EXISTS (
  SELECT 1 FROM dora_touched_days AS d
  WHERE d.repository_full_name = t.repository_full_name AND d.day = t.day);

INSERT INTO `${project}.${dataset}.dora_change_failure_rate`
SELECT v.*
FROM (
  WITH production AS (
    SELECT repository_full_name, deployment_key, outcome, completed_at
    FROM `${project}.${dataset}.deployments`
    WHERE is_production AND outcome IN ('success', 'failure')
      AND created_at >= dora_days_from
      AND completed_at < TIMESTAMP_ADD(created_at, INTERVAL dora_horizon_days DAY)
      AND repository_full_name IN (SELECT repository_full_name FROM dora_touched_days)
  ),
  with_incident AS (
    SELECT DISTINCT repository_full_name, deployment_key
    FROM `${project}.${dataset}.dora_incidents`
    WHERE kind = 'incident' AND deployment_key IS NOT NULL
      AND started_at >= dora_days_from
      AND repository_full_name IN (SELECT repository_full_name FROM dora_touched_days)
  )
  SELECT
    p.repository_full_name,
    DATE(p.completed_at) AS day,
    COUNT(*) AS deployments,
    COUNTIF(p.outcome = 'failure') AS failed_deployments,
    COUNTIF(p.outcome = 'success' AND w.deployment_key IS NOT NULL) AS deployments_with_incident,
    (COUNTIF(p.outcome = 'failure') + COUNTIF(p.outcome = 'success' AND w.deployment_key IS NOT NULL)) / COUNT(*) AS change_failure_rate
  FROM production AS p
  LEFT JOIN with_incident AS w
    ON w.repository_full_name = p.repository_full_name AND w.deployment_key = p.deployment_key
  GROUP BY p.repository_full_name, day
) AS v
JOIN dora_touched_days AS d ON d.repository_full_name = v.repository_full_name AND d.day = v.day;
