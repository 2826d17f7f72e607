-- SQLite twin of terraform/views/dora_incidents.sql.
CREATE VIEW dora_incidents AS
WITH production AS (
  SELECT repository_full_name, deployment_id, environment, outcome, first_success_at, first_failure_at
  FROM deployments
  WHERE is_production
),
incidents AS (
  SELECT repository_full_name, number, created_at, CASE WHEN state = 'closed' THEN closed_at END AS closed_at
  FROM issues
  WHERE is_incident AND created_at IS NOT NULL
),
incident_links AS (
  SELECT repository_full_name, number, deployment_id
  FROM (
    SELECT i.repository_full_name, i.number, p.deployment_id,
      ROW_NUMBER() OVER (
        PARTITION BY i.repository_full_name, i.number ORDER BY p.first_success_at DESC, p.deployment_id DESC) AS rank_in_incident
    FROM incidents AS i
    JOIN production AS p
      ON p.repository_full_name = i.repository_full_name
      AND p.first_success_at <= i.created_at)
  WHERE rank_in_incident = 1
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
  unixepoch(i.closed_at) - unixepoch(i.created_at) AS restore_seconds
FROM incidents AS i
LEFT JOIN incident_links AS l ON l.repository_full_name = i.repository_full_name AND l.number = i.number
UNION ALL
SELECT
  f.repository_full_name,
  'failed_deployment' AS kind,
  NULL AS issue_number,
  f.deployment_id,
  f.first_failure_at AS started_at,
  r.restored_at,
  unixepoch(r.restored_at) - unixepoch(f.first_failure_at) AS restore_seconds
FROM failed AS f
LEFT JOIN recoveries AS r ON r.repository_full_name = f.repository_full_name AND r.deployment_id = f.deployment_id
