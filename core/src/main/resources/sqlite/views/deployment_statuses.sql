-- SQLite twin of terraform/views/deployment_statuses.sql (production-like: environment starting with
-- 'prod', any case, the module's default pattern).
CREATE VIEW deployment_statuses AS
WITH src AS (
  SELECT e.repository_full_name, e.organization_name, e.received, e.delivery_id,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  WHERE e.event = 'deployment_status'
),
status_events AS (
  SELECT
    repository_full_name,
    organization_name,
    json_extract(body, '$.deployment_status.id') AS deployment_status_id,
    json_extract(body, '$.deployment.id') AS deployment_id,
    COALESCE(json_extract(body, '$.deployment_status.environment'), json_extract(body, '$.deployment.environment')) AS environment,
    lower(json_extract(body, '$.deployment_status.state')) AS state,
    json_extract(body, '$.deployment_status.description') AS description,
    json_extract(body, '$.deployment_status.creator.login') AS creator,
    json_extract(body, '$.deployment_status.target_url') AS target_url,
    json_extract(body, '$.deployment_status.log_url') AS log_url,
    json_extract(body, '$.deployment.sha') AS deployment_sha,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.deployment_status.created_at')) AS created_at,
    received AS last_received,
    delivery_id
  FROM src
),
ranked AS (
  SELECT *, ROW_NUMBER() OVER (
    PARTITION BY repository_full_name, deployment_status_id ORDER BY last_received DESC, delivery_id DESC) AS rank_in_status
  FROM status_events
  WHERE deployment_status_id IS NOT NULL AND repository_full_name IS NOT NULL
)
SELECT repository_full_name, organization_name, deployment_status_id, deployment_id, environment, state,
  description, creator, target_url, log_url, deployment_sha, created_at,
  COALESCE(lower(environment) LIKE 'prod%', 0) AS is_production,
  last_received
FROM ranked
WHERE rank_in_status = 1
