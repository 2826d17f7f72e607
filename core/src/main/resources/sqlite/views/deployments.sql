-- SQLite twin of the BigQuery table deployments (terraform/analytics/refresh/deployments.sql): GitHub
-- deployments with their outcome from their statuses, and deployments reported by CI/CD tools.
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
  unixepoch(COALESCE(s.first_success_at, s.first_failure_at)) - unixepoch(l.created_at) AS duration_seconds,
  'github' AS source,
  CAST(l.deployment_id AS TEXT) AS deployment_key,
  NULL AS service,
  NULL AS url,
  l.received AS last_received
FROM latest AS l
LEFT JOIN status_summary AS s
  ON s.repository_full_name = l.repository_full_name AND s.deployment_id = l.deployment_id
LEFT JOIN latest_status AS t
  ON t.repository_full_name = l.repository_full_name AND t.deployment_id = l.deployment_id
UNION ALL
SELECT
  r.repository_full_name,
  r.organization_name,
  NULL AS deployment_id,
  r.environment,
  COALESCE(lower(r.environment) LIKE 'prod%', 0) AS is_production,
  r.sha,
  r.ref,
  NULL AS task,
  NULL AS creator,
  r.started_at AS created_at,
  1 AS status_count,
  r.status AS latest_state,
  r.finished_at AS latest_state_at,
  CASE WHEN r.status = 'success' THEN r.finished_at END AS first_success_at,
  CASE WHEN r.status = 'failure' THEN r.finished_at END AS first_failure_at,
  CASE WHEN r.status IN ('success', 'failure') THEN r.status ELSE 'pending' END AS outcome,
  CASE WHEN r.status IN ('success', 'failure') THEN r.finished_at END AS completed_at,
  unixepoch(r.finished_at) - unixepoch(r.started_at) AS duration_seconds,
  'custom' AS source,
  'custom:' || r.id AS deployment_key,
  r.service,
  r.url,
  r.received AS last_received
FROM (
  SELECT
    e.repository_full_name,
    e.organization_name,
    json_extract(e.payload, '$.id') AS id,
    json_extract(e.payload, '$.environment') AS environment,
    lower(json_extract(e.payload, '$.sha')) AS sha,
    json_extract(e.payload, '$.ref') AS ref,
    lower(json_extract(e.payload, '$.status')) AS status,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(e.payload, '$.started_at')) AS started_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(e.payload, '$.finished_at')) AS finished_at,
    json_extract(e.payload, '$.service') AS service,
    json_extract(e.payload, '$.url') AS url,
    e.received,
    ROW_NUMBER() OVER (
      PARTITION BY e.repository_full_name, json_extract(e.payload, '$.id')
      ORDER BY e.received DESC, e.delivery_id DESC) AS rank_in_report
  FROM events AS e
  WHERE e.event = 'custom_deployment' AND e.repository_full_name IS NOT NULL AND json_valid(e.payload)
) AS r
WHERE r.rank_in_report = 1 AND r.id IS NOT NULL
