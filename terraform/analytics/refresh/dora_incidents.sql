-- dora_incidents: one row per failure in production, the input of change failure rate and time to restore.
-- kind 'incident': an issue with an incident label; started when opened, restored when closed;
--   deployment_id is the repository's latest successful production-like deployment before it opened.
-- kind 'failed_deployment': a production-like deployment whose outcome is failure; started at its
--   first failure/error status, restored by the next successful deployment to the same environment.
-- Recomputed whole for the repositories the window touched, from the derived tables only.
DELETE FROM `${project}.${dataset}.dora_incidents` AS t
WHERE t.repository_full_name IN (SELECT repository_full_name FROM affected_repositories);

INSERT INTO `${project}.${dataset}.dora_incidents`
WITH production AS (
  SELECT repository_full_name, deployment_id, environment, outcome, first_success_at, first_failure_at
  FROM `${project}.${dataset}.deployments`
  WHERE is_production
    AND repository_full_name IN (SELECT repository_full_name FROM affected_repositories)
),
incidents AS (
  SELECT repository_full_name, number, created_at, IF(state = 'closed', closed_at, NULL) AS closed_at
  FROM `${project}.${dataset}.issues`
  WHERE is_incident AND created_at IS NOT NULL
    AND repository_full_name IN (SELECT repository_full_name FROM affected_repositories)
),
incident_links AS (
  SELECT i.repository_full_name, i.number, p.deployment_id
  FROM incidents AS i
  JOIN production AS p
    ON p.repository_full_name = i.repository_full_name
    AND p.first_success_at <= i.created_at
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY i.repository_full_name, i.number ORDER BY p.first_success_at DESC, p.deployment_id DESC) = 1
),
failed AS (
  SELECT repository_full_name, deployment_id, environment, first_failure_at
  FROM production
  WHERE outcome = 'failure'
),
recoveries AS (
  SELECT f.repository_full_name, f.deployment_id, MIN(p.first_success_at) AS restored_at
  FROM failed AS f
  JOIN production AS p
    ON p.repository_full_name = f.repository_full_name
    AND p.environment = f.environment
    AND p.first_success_at > f.first_failure_at
  GROUP BY f.repository_full_name, f.deployment_id
)
SELECT
  i.repository_full_name,
  'incident' AS kind,
  i.number AS issue_number,
  l.deployment_id,
  i.created_at AS started_at,
  i.closed_at AS restored_at,
  TIMESTAMP_DIFF(i.closed_at, i.created_at, SECOND) AS restore_seconds
FROM incidents AS i
LEFT JOIN incident_links AS l ON l.repository_full_name = i.repository_full_name AND l.number = i.number
UNION ALL
SELECT
  f.repository_full_name,
  'failed_deployment' AS kind,
  CAST(NULL AS INT64) AS issue_number,
  f.deployment_id,
  f.first_failure_at AS started_at,
  r.restored_at,
  TIMESTAMP_DIFF(r.restored_at, f.first_failure_at, SECOND) AS restore_seconds
FROM failed AS f
LEFT JOIN recoveries AS r ON r.repository_full_name = f.repository_full_name AND r.deployment_id = f.deployment_id;
