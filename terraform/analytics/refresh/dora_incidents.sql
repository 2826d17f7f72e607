-- dora_incidents: one row per failure in production, the input of change failure rate and time to restore.
-- kind 'incident': an incident from any source, started when opened, restored when closed or resolved;
--   'github': an issue with an incident label; 'custom' and 'pagerduty': the incidents table (an
--   incident that names only a service counts against the repository of that service's latest
--   deployment created in the horizon before it opened). Its deployment: among the production
--   deployments created in the horizon (dora_horizon_days) before it opened, the one of the commit it
--   names (caused_by_sha), else the repository's latest one that succeeded before it opened.
-- kind 'failed_deployment': a production deployment (any source) whose outcome is failure; started at
--   its first failure, restored by the next successful deployment to the same environment within the
--   horizon.
-- A deployment counts once it completed within the horizon of its creation. The rows started from
-- dora_from on are recomputed from the derived tables, each read from the partitions they can reach.
DELETE FROM `${project}.${dataset}.dora_incidents` AS t
WHERE t.started_at >= dora_from;

INSERT INTO `${project}.${dataset}.dora_incidents`
WITH production AS (
  SELECT repository_full_name, deployment_id, deployment_key, source, environment, service, sha, outcome,
    created_at, first_success_at, first_failure_at, completed_at
  FROM `${project}.${dataset}.deployments`
  WHERE is_production AND created_at >= dora_deployments_from
    AND (completed_at IS NULL OR completed_at < TIMESTAMP_ADD(created_at, INTERVAL dora_horizon_days DAY))
),
service_repositories AS (
  -- which repository an incident naming only a service belongs to
  SELECT i.source, i.incident_id, d.repository_full_name
  FROM `${project}.${dataset}.incidents` AS i
  JOIN `${project}.${dataset}.deployments` AS d
    ON d.service = i.service AND d.created_at <= i.opened_at
    AND d.created_at > TIMESTAMP_SUB(i.opened_at, INTERVAL dora_horizon_days DAY)
    AND d.created_at >= dora_deployments_from
  WHERE i.repository_full_name IS NULL AND i.opened_at >= dora_from
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY i.source, i.incident_id ORDER BY d.created_at DESC, d.deployment_key DESC) = 1
),
incidents AS (
  SELECT repository_full_name, 'github' AS source, CAST(number AS STRING) AS incident_id, number AS issue_number,
    created_at AS opened_at, IF(state = 'closed', closed_at, NULL) AS restored_at, CAST(NULL AS STRING) AS caused_by_sha
  FROM `${project}.${dataset}.issues`
  WHERE is_incident AND created_at >= dora_from
  UNION ALL
  SELECT COALESCE(i.repository_full_name, r.repository_full_name), i.source, i.incident_id, CAST(NULL AS INT64),
    i.opened_at, i.resolved_at, i.caused_by_sha
  FROM `${project}.${dataset}.incidents` AS i
  LEFT JOIN service_repositories AS r ON r.source = i.source AND r.incident_id = i.incident_id
  WHERE i.opened_at >= dora_from
),
incident_links AS (
  SELECT i.repository_full_name, i.source, i.incident_id, p.deployment_id, p.deployment_key
  FROM incidents AS i
  JOIN production AS p
    ON p.repository_full_name = i.repository_full_name
    AND p.created_at <= i.opened_at
    AND p.created_at > TIMESTAMP_SUB(i.opened_at, INTERVAL dora_horizon_days DAY)
    AND (IF(i.caused_by_sha IS NULL, p.first_success_at <= i.opened_at, p.sha = i.caused_by_sha))
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY i.repository_full_name, i.source, i.incident_id
    ORDER BY p.first_success_at DESC, p.deployment_key DESC) = 1
),
failed AS (
  SELECT repository_full_name, deployment_id, deployment_key, source, environment, first_failure_at
  FROM production
  WHERE outcome = 'failure' AND first_failure_at >= dora_from
),
recoveries AS (
  SELECT f.repository_full_name, f.deployment_key, MIN(p.first_success_at) AS restored_at
  FROM failed AS f
  JOIN production AS p
    ON p.repository_full_name = f.repository_full_name
    AND p.environment = f.environment
    AND p.first_success_at > f.first_failure_at
    AND p.first_success_at < TIMESTAMP_ADD(f.first_failure_at, INTERVAL dora_horizon_days DAY)
  GROUP BY f.repository_full_name, f.deployment_key
)
SELECT
  i.repository_full_name,
  'incident' AS kind,
  i.issue_number,
  l.deployment_id,
  i.opened_at AS started_at,
  i.restored_at,
  TIMESTAMP_DIFF(i.restored_at, i.opened_at, SECOND) AS restore_seconds,
  i.source,
  i.incident_id,
  l.deployment_key
FROM incidents AS i
LEFT JOIN incident_links AS l
  ON l.repository_full_name = i.repository_full_name AND l.source = i.source AND l.incident_id = i.incident_id
WHERE i.repository_full_name IS NOT NULL
UNION ALL
SELECT
  f.repository_full_name,
  'failed_deployment' AS kind,
  CAST(NULL AS INT64) AS issue_number,
  f.deployment_id,
  f.first_failure_at AS started_at,
  r.restored_at,
  TIMESTAMP_DIFF(r.restored_at, f.first_failure_at, SECOND) AS restore_seconds,
  f.source,
  CAST(NULL AS STRING) AS incident_id,
  f.deployment_key
FROM failed AS f
LEFT JOIN recoveries AS r ON r.repository_full_name = f.repository_full_name AND r.deployment_key = f.deployment_key;
