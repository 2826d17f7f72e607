-- deployment_changes: the window's deployments from GitHub (deployment and deployment_status deliveries)
-- and from reports of other tools, before they are merged into deployments (the DORA bounds and the
-- DORA snapshot taken before the merge need them).
-- The changes of the window from GitHub and from reports, then the oldest created_at among them: the
-- MERGEs read the table's partitions from there on (GitHub never changes a deployment's created_at; a
-- reporting tool is asked to send the same started_at in every report of a deployment).
CREATE TEMP TABLE deployments_changes AS
SELECT
  e.repository_full_name,
  e.organization_name,
  SAFE_CAST(JSON_VALUE(e.payload, '$.deployment.id') AS INT64) AS deployment_id,
  JSON_VALUE(e.payload, '$.deployment.environment') AS environment,
  COALESCE(REGEXP_CONTAINS(JSON_VALUE(e.payload, '$.deployment.environment'), r'${production_environment_pattern}'), FALSE) AS is_production,
  JSON_VALUE(e.payload, '$.deployment.sha') AS sha,
  JSON_VALUE(e.payload, '$.deployment.ref') AS ref,
  JSON_VALUE(e.payload, '$.deployment.task') AS task,
  JSON_VALUE(e.payload, '$.deployment.creator.login') AS creator,
  SAFE_CAST(JSON_VALUE(e.payload, '$.deployment.created_at') AS TIMESTAMP) AS created_at,
  0 AS status_count,
  CAST(NULL AS STRING) AS latest_state,
  CAST(NULL AS TIMESTAMP) AS latest_state_at,
  CAST(NULL AS TIMESTAMP) AS first_success_at,
  CAST(NULL AS TIMESTAMP) AS first_failure_at,
  'pending' AS outcome,
  CAST(NULL AS TIMESTAMP) AS completed_at,
  CAST(NULL AS INT64) AS duration_seconds,
  'github' AS source,
  JSON_VALUE(e.payload, '$.deployment.id') AS deployment_key,
  CAST(NULL AS STRING) AS service,
  CAST(NULL AS STRING) AS url,
  e.received AS last_received,
  CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', e.received, 'UTC'), '|', e.delivery_id) AS state_version
FROM `${project}.${dataset}.events` AS e
WHERE e.received >= window_start AND e.event IN ('deployment', 'deployment_status')
  AND e.repository_full_name IS NOT NULL
  AND SAFE_CAST(JSON_VALUE(e.payload, '$.deployment.id') AS INT64) IS NOT NULL
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY e.repository_full_name, SAFE_CAST(JSON_VALUE(e.payload, '$.deployment.id') AS INT64)
  ORDER BY state_version DESC) = 1;

CREATE TEMP TABLE deployment_reports_changes AS
WITH reports AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    JSON_VALUE(e.payload, '$.id') AS id,
    JSON_VALUE(e.payload, '$.environment') AS environment,
    LOWER(JSON_VALUE(e.payload, '$.sha')) AS sha,
    JSON_VALUE(e.payload, '$.ref') AS ref,
    LOWER(JSON_VALUE(e.payload, '$.status')) AS status,
    SAFE_CAST(JSON_VALUE(e.payload, '$.started_at') AS TIMESTAMP) AS started_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.finished_at') AS TIMESTAMP) AS finished_at,
    JSON_VALUE(e.payload, '$.service') AS service,
    JSON_VALUE(e.payload, '$.url') AS url,
    e.received,
    CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', e.received, 'UTC'), '|', e.delivery_id) AS state_version
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'custom_deployment' AND e.repository_full_name IS NOT NULL
)
SELECT
  repository_full_name,
  organization_name,
  CAST(NULL AS INT64) AS deployment_id,
  environment,
  COALESCE(REGEXP_CONTAINS(environment, r'${production_environment_pattern}'), FALSE) AS is_production,
  sha,
  ref,
  CAST(NULL AS STRING) AS task,
  CAST(NULL AS STRING) AS creator,
  started_at AS created_at,
  1 AS status_count,
  status AS latest_state,
  finished_at AS latest_state_at,
  IF(status = 'success', finished_at, NULL) AS first_success_at,
  IF(status = 'failure', finished_at, NULL) AS first_failure_at,
  IF(status IN ('success', 'failure'), status, 'pending') AS outcome,
  IF(status IN ('success', 'failure'), finished_at, NULL) AS completed_at,
  TIMESTAMP_DIFF(finished_at, started_at, SECOND) AS duration_seconds,
  'custom' AS source,
  CONCAT('custom:', id) AS deployment_key,
  service,
  url,
  received AS last_received,
  state_version
FROM reports
WHERE id IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY repository_full_name, id ORDER BY state_version DESC) = 1;

SET deployments_from = (
  SELECT MIN(created_at)
  FROM (SELECT created_at FROM deployments_changes UNION ALL SELECT created_at FROM deployment_reports_changes));
