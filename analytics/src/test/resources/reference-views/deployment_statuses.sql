-- deployment_statuses: one row per deployment status.
WITH status_events AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    SAFE_CAST(JSON_VALUE(e.payload, '$.deployment_status.id') AS INT64) AS deployment_status_id,
    SAFE_CAST(JSON_VALUE(e.payload, '$.deployment.id') AS INT64) AS deployment_id,
    COALESCE(JSON_VALUE(e.payload, '$.deployment_status.environment'), JSON_VALUE(e.payload, '$.deployment.environment')) AS environment,
    LOWER(JSON_VALUE(e.payload, '$.deployment_status.state')) AS state,
    JSON_VALUE(e.payload, '$.deployment_status.description') AS description,
    JSON_VALUE(e.payload, '$.deployment_status.creator.login') AS creator,
    JSON_VALUE(e.payload, '$.deployment_status.target_url') AS target_url,
    JSON_VALUE(e.payload, '$.deployment_status.log_url') AS log_url,
    JSON_VALUE(e.payload, '$.deployment.sha') AS deployment_sha,
    SAFE_CAST(JSON_VALUE(e.payload, '$.deployment_status.created_at') AS TIMESTAMP) AS created_at,
    e.received AS last_received,
    e.delivery_id
  FROM `${project}.${dataset}.events_unique` AS e
  WHERE e.event = 'deployment_status'
)
SELECT
  * EXCEPT (last_received, delivery_id),
  COALESCE(REGEXP_CONTAINS(environment, r'${production_environment_pattern}'), FALSE) AS is_production,
  last_received
FROM status_events
WHERE deployment_status_id IS NOT NULL AND repository_full_name IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY repository_full_name, deployment_status_id ORDER BY last_received DESC, delivery_id DESC) = 1
