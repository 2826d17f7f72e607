-- dora_incidents: one row per failure in production, the input of change failure rate and time to restore.
-- kind 'incident': an incident from any source, started when opened, restored when closed or resolved;
--   'github': an issue with an incident label; 'custom' and 'pagerduty': the incidents table (an
--   incident that names only a service counts against the repository of that service's latest
--   deployment at or before it opened). Its deployment: the production deployment of the commit it
--   names (caused_by_sha), else the repository's latest successful production deployment before it opened.
-- kind 'failed_deployment': a production deployment (any source) whose outcome is failure; started at
--   its first failure, restored by the next successful deployment to the same environment.
-- Recomputed whole for the repositories the window touched, from the derived tables only.
DELETE FROM `${project}.${dataset}.dora_incidents` AS t
WHERE t.repository_full_name IN (SELECT repository_full_name FROM affected_repositories);

INSERT INTO `${project}.${dataset}.dora_incidents`
WITH production AS (
  SELECT repository_full_name, deployment_id, deployment_key, source, environment, service, sha, outcome,
    first_success_at, first_failure_at, completed_at
  FROM `${project}.${dataset}.deployments`
  WHERE is_production
    AND repository_full_name IN (SELECT repository_full_name FROM affected_repositories)
),
service_repositories AS (
  -- which repository an incident naming only a service belongs to
  SELECT i.source, i.incident_id, d.repository_full_name
  FROM `${project}.${dataset}.incidents` AS i
  JOIN `${project}.${dataset}.deployments` AS d
    ON d.service = i.service AND d.created_at <= i.opened_at
  WHERE i.repository_full_name IS NULL
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY i.source, i.incident_id ORDER BY d.created_at DESC, d.deployment_key DESC) = 1
),
incidents AS (
  SELECT repository_full_name, 'github' AS source, CAST(number AS STRING) AS incident_id, number AS issue_number,
    created_at AS opened_at, IF(state = 'closed', closed_at, NULL) AS restored_at, CAST(NULL AS STRING) AS caused_by_sha
  FROM `${project}.${dataset}.issues`
  WHERE is_incident AND created_at IS NOT NULL
    AND repository_full_name IN (SELECT repository_full_name FROM affected_repositories)
  UNION ALL
  SELECT COALESCE(i.repository_full_name, r.repository_full_name), i.source, i.incident_id, CAST(NULL AS INT64),
    i.opened_at, i.resolved_at, i.caused_by_sha
  FROM `${project}.${dataset}.incidents` AS i
  LEFT JOIN service_repositories AS r ON r.source = i.source AND r.incident_id = i.incident_id
  WHERE i.opened_at IS NOT NULL
    AND COALESCE(i.repository_full_name, r.repository_full_name) IN (SELECT repository_full_name FROM affected_repositories)
),
incident_links AS (
  SELECT i.repository_full_name, i.source, i.incident_id, p.deployment_id, p.deployment_key
  FROM incidents AS i
  JOIN production AS p
    ON p.repository_full_name = i.repository_full_name
    AND (IF(i.caused_by_sha IS NULL, p.first_success_at <= i.opened_at, p.sha = i.caused_by_sha))
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY i.repository_full_name, i.source, i.incident_id
    ORDER BY p.first_success_at DESC, p.deployment_key DESC) = 1
),
failed AS (
  SELECT repository_full_name, deployment_id, deployment_key, source, environment, first_failure_at
  FROM production
  WHERE outcome = 'failure'
),
recoveries AS (
  SELECT f.repository_full_name, f.deployment_key, MIN(p.first_success_at) AS restored_at
  FROM failed AS f
  JOIN production AS p
    ON p.repository_full_name = f.repository_full_name
    AND p.environment = f.environment
    AND p.first_success_at > f.first_failure_at
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
