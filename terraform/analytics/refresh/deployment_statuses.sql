-- deployment_statuses: one row per deployment status; the latest delivery about it wins.
-- The changes of the window, then the oldest created_at among them: the MERGE reads the table's
-- partitions from there on (created_at never changes for an object, so its row cannot lie before).
CREATE TEMP TABLE deployment_statuses_changes AS
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
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'deployment_status'
)
SELECT
  * EXCEPT (last_received, delivery_id),
  COALESCE(REGEXP_CONTAINS(environment, r'${production_environment_pattern}'), FALSE) AS is_production,
  last_received,
  CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', last_received, 'UTC'), '|', delivery_id) AS state_version
FROM status_events
WHERE deployment_status_id IS NOT NULL AND repository_full_name IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY repository_full_name, deployment_status_id ORDER BY state_version DESC) = 1;

SET deployment_statuses_from = (SELECT MIN(created_at) FROM deployment_statuses_changes);

MERGE `${project}.${dataset}.deployment_statuses` AS t
USING (SELECT * FROM deployment_statuses_changes) AS s
ON t.repository_full_name = s.repository_full_name AND t.deployment_status_id = s.deployment_status_id
  AND (t.created_at >= deployment_statuses_from OR t.created_at IS NULL)
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;
