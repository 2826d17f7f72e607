-- SQLite twin of the BigQuery table dora_incidents (terraform/analytics/refresh/dora_incidents.sql):
-- incidents from every source (issues with an incident label, reported and PagerDuty incidents) and
-- failed production deployments; DORA links reach at most 90 days (7776000 seconds, dora_horizon_days).
CREATE VIEW dora_incidents AS
WITH production AS (
  SELECT repository_full_name, deployment_id, deployment_key, source, environment, service, sha, outcome,
    created_at, first_success_at, first_failure_at, completed_at
  FROM deployments
  WHERE is_production AND (completed_at IS NULL OR unixepoch(completed_at) < unixepoch(created_at) + 7776000)
),
service_repositories AS (
  SELECT source, incident_id, repository_full_name
  FROM (
    SELECT i.source, i.incident_id, d.repository_full_name,
      ROW_NUMBER() OVER (
        PARTITION BY i.source, i.incident_id ORDER BY d.created_at DESC, d.deployment_key DESC) AS rank_in_incident
    FROM incidents AS i
    JOIN deployments AS d ON d.service = i.service AND d.created_at <= i.opened_at
      AND unixepoch(d.created_at) > unixepoch(i.opened_at) - 7776000
    WHERE i.repository_full_name IS NULL)
  WHERE rank_in_incident = 1
),
all_incidents AS (
  SELECT repository_full_name, 'github' AS source, CAST(number AS TEXT) AS incident_id, number AS issue_number,
    created_at AS opened_at, CASE WHEN state = 'closed' THEN closed_at END AS restored_at, NULL AS caused_by_sha
  FROM issues
  WHERE is_incident AND created_at IS NOT NULL
  UNION ALL
  SELECT COALESCE(i.repository_full_name, r.repository_full_name), i.source, i.incident_id, NULL,
    i.opened_at, i.resolved_at, i.caused_by_sha
  FROM incidents AS i
  LEFT JOIN service_repositories AS r ON r.source = i.source AND r.incident_id = i.incident_id
  WHERE i.opened_at IS NOT NULL AND COALESCE(i.repository_full_name, r.repository_full_name) IS NOT NULL
),
incident_links AS (
  SELECT repository_full_name, source, incident_id, deployment_id, deployment_key
  FROM (
    SELECT i.repository_full_name, i.source, i.incident_id, p.deployment_id, p.deployment_key,
      ROW_NUMBER() OVER (
        PARTITION BY i.repository_full_name, i.source, i.incident_id
        ORDER BY p.first_success_at IS NULL, p.first_success_at DESC, p.deployment_key DESC) AS rank_in_incident
    FROM all_incidents AS i
    JOIN production AS p
      ON p.repository_full_name = i.repository_full_name
      AND p.created_at <= i.opened_at
      AND unixepoch(p.created_at) > unixepoch(i.opened_at) - 7776000
      AND (CASE WHEN i.caused_by_sha IS NULL THEN p.first_success_at <= i.opened_at ELSE p.sha = i.caused_by_sha END))
  WHERE rank_in_incident = 1
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
    AND unixepoch(p.first_success_at) < unixepoch(f.first_failure_at) + 7776000
  GROUP BY f.repository_full_name, f.deployment_key
)
SELECT
  i.repository_full_name,
  'incident' AS kind,
  i.issue_number,
  l.deployment_id,
  i.opened_at AS started_at,
  i.restored_at,
  unixepoch(i.restored_at) - unixepoch(i.opened_at) AS restore_seconds,
  i.source,
  i.incident_id,
  l.deployment_key
FROM all_incidents AS i
LEFT JOIN incident_links AS l
  ON l.repository_full_name = i.repository_full_name AND l.source = i.source AND l.incident_id = i.incident_id
UNION ALL
SELECT
  f.repository_full_name,
  'failed_deployment' AS kind,
  NULL AS issue_number,
  f.deployment_id,
  f.first_failure_at AS started_at,
  r.restored_at,
  unixepoch(r.restored_at) - unixepoch(f.first_failure_at) AS restore_seconds,
  f.source,
  NULL AS incident_id,
  f.deployment_key
FROM failed AS f
LEFT JOIN recoveries AS r ON r.repository_full_name = f.repository_full_name AND r.deployment_key = f.deployment_key
