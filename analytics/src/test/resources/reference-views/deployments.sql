-- deployments: one row per deployment, with its outcome from its statuses.
-- outcome: 'success' once any status is success (a later 'inactive' does not undo it),
-- 'failure' when a failure/error status came and no success, else 'pending'.
WITH deployment_rows AS (
  -- the deployment object rides on both deployment and deployment_status events
  SELECT
    e.repository_full_name,
    e.organization_name,
    SAFE_CAST(JSON_VALUE(e.payload, '$.deployment.id') AS INT64) AS deployment_id,
    JSON_VALUE(e.payload, '$.deployment.environment') AS environment,
    JSON_VALUE(e.payload, '$.deployment.sha') AS sha,
    JSON_VALUE(e.payload, '$.deployment.ref') AS ref,
    JSON_VALUE(e.payload, '$.deployment.task') AS task,
    JSON_VALUE(e.payload, '$.deployment.creator.login') AS creator,
    SAFE_CAST(JSON_VALUE(e.payload, '$.deployment.created_at') AS TIMESTAMP) AS created_at,
    e.received,
    e.delivery_id
  FROM `${project}.${dataset}.events_unique` AS e
  WHERE e.event IN ('deployment', 'deployment_status')
),
latest AS (
  SELECT *
  FROM deployment_rows
  WHERE deployment_id IS NOT NULL AND repository_full_name IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY repository_full_name, deployment_id ORDER BY received DESC, delivery_id DESC) = 1
),
status_summary AS (
  SELECT
    repository_full_name,
    deployment_id,
    COUNT(*) AS status_count,
    MIN(IF(state = 'success', created_at, NULL)) AS first_success_at,
    MIN(IF(state IN ('failure', 'error'), created_at, NULL)) AS first_failure_at
  FROM `${project}.${dataset}.deployment_statuses`
  GROUP BY repository_full_name, deployment_id
),
latest_status AS (
  SELECT repository_full_name, deployment_id, state AS latest_state, created_at AS latest_state_at
  FROM `${project}.${dataset}.deployment_statuses`
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY repository_full_name, deployment_id ORDER BY created_at DESC, deployment_status_id DESC) = 1
)
SELECT
  l.repository_full_name,
  l.organization_name,
  l.deployment_id,
  l.environment,
  COALESCE(REGEXP_CONTAINS(l.environment, r'${production_environment_pattern}'), FALSE) AS is_production,
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
  TIMESTAMP_DIFF(COALESCE(s.first_success_at, s.first_failure_at), l.created_at, SECOND) AS duration_seconds
FROM latest AS l
LEFT JOIN status_summary AS s
  ON s.repository_full_name = l.repository_full_name AND s.deployment_id = l.deployment_id
LEFT JOIN latest_status AS t
  ON t.repository_full_name = l.repository_full_name AND t.deployment_id = l.deployment_id
