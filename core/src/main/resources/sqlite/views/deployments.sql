-- SQLite twin of terraform/views/deployments.sql.
CREATE VIEW deployments AS
WITH src AS (
  SELECT e.repository_full_name, e.organization_name, e.received, e.delivery_id,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  WHERE e.event IN ('deployment', 'deployment_status')
),
deployment_rows AS (
  SELECT
    repository_full_name,
    organization_name,
    json_extract(body, '$.deployment.id') AS deployment_id,
    json_extract(body, '$.deployment.environment') AS environment,
    json_extract(body, '$.deployment.sha') AS sha,
    json_extract(body, '$.deployment.ref') AS ref,
    json_extract(body, '$.deployment.task') AS task,
    json_extract(body, '$.deployment.creator.login') AS creator,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.deployment.created_at')) AS created_at,
    received,
    delivery_id
  FROM src
),
latest AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY repository_full_name, deployment_id ORDER BY received DESC, delivery_id DESC) AS rank_in_deployment
    FROM deployment_rows
    WHERE deployment_id IS NOT NULL AND repository_full_name IS NOT NULL)
  WHERE rank_in_deployment = 1
),
status_summary AS (
  SELECT
    repository_full_name,
    deployment_id,
    COUNT(*) AS status_count,
    MIN(CASE WHEN state = 'success' THEN created_at END) AS first_success_at,
    MIN(CASE WHEN state IN ('failure', 'error') THEN created_at END) AS first_failure_at
  FROM deployment_statuses
  GROUP BY repository_full_name, deployment_id
),
latest_status AS (
  SELECT repository_full_name, deployment_id, state AS latest_state, created_at AS latest_state_at
  FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY repository_full_name, deployment_id ORDER BY created_at DESC, deployment_status_id DESC) AS rank_in_deployment
    FROM deployment_statuses)
  WHERE rank_in_deployment = 1
)
SELECT
  l.repository_full_name,
  l.organization_name,
  l.deployment_id,
  l.environment,
  COALESCE(lower(l.environment) LIKE 'prod%', 0) AS is_production,
  l.sha,
  l.ref,
  l.task,
  l.creator,
  l.created_at,
  COALESCE(s.status_count, 0) AS status_count,
  t.latest_state,
  t.latest_state_at,
  s.first_success_at,
  s.first_failure_at,
  CASE
    WHEN s.first_success_at IS NOT NULL THEN 'success'
    WHEN s.first_failure_at IS NOT NULL THEN 'failure'
    ELSE 'pending'
  END AS outcome,
  COALESCE(s.first_success_at, s.first_failure_at) AS completed_at,
  unixepoch(COALESCE(s.first_success_at, s.first_failure_at)) - unixepoch(l.created_at) AS duration_seconds
FROM latest AS l
LEFT JOIN status_summary AS s
  ON s.repository_full_name = l.repository_full_name AND s.deployment_id = l.deployment_id
LEFT JOIN latest_status AS t
  ON t.repository_full_name = l.repository_full_name AND t.deployment_id = l.deployment_id
