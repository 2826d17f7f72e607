-- workflow_runs: latest state per run attempt (newest state wins: updated_at, then received, then
-- delivery_id), then the archived logs from the leech_status rows written in the window (a SUCCESS wins,
-- else the newest try).
-- The changes of the window, then the oldest created_at among them: the MERGE reads the table's
-- partitions from there on (created_at never changes for an object, so its row cannot lie before).
CREATE TEMP TABLE workflow_runs_changes AS
WITH run_events AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_run.id') AS INT64) AS workflow_run_id,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_run.run_attempt') AS INT64) AS run_attempt,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_run.run_number') AS INT64) AS run_number,
    JSON_VALUE(e.payload, '$.workflow_run.name') AS workflow_name,
    JSON_VALUE(e.payload, '$.workflow_run.path') AS workflow_path,
    JSON_VALUE(e.payload, '$.workflow_run.event') AS trigger_event,
    JSON_VALUE(e.payload, '$.workflow_run.head_branch') AS head_branch,
    JSON_VALUE(e.payload, '$.workflow_run.head_sha') AS head_sha,
    JSON_VALUE(e.payload, '$.workflow_run.status') AS status,
    JSON_VALUE(e.payload, '$.workflow_run.conclusion') AS conclusion,
    JSON_VALUE(e.payload, '$.workflow_run.actor.login') AS actor,
    JSON_VALUE(e.payload, '$.workflow_run.html_url') AS html_url,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_run.created_at') AS TIMESTAMP) AS created_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_run.run_started_at') AS TIMESTAMP) AS run_started_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_run.updated_at') AS TIMESTAMP) AS updated_at,
    e.action AS last_action,
    e.received AS last_received,
    e.delivery_id
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'workflow_run'
),
latest AS (
  SELECT
    *,
    CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', IFNULL(updated_at, TIMESTAMP '1970-01-01 00:00:00+00'), 'UTC'), '|',
      FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', last_received, 'UTC'), '|', delivery_id) AS state_version
  FROM run_events
  WHERE workflow_run_id IS NOT NULL AND repository_full_name IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY repository_full_name, workflow_run_id, run_attempt ORDER BY state_version DESC) = 1
)
SELECT
  l.repository_full_name,
  l.organization_name,
  l.workflow_run_id,
  l.run_attempt,
  l.run_number,
  l.workflow_name,
  l.workflow_path,
  l.trigger_event,
  l.head_branch,
  l.head_sha,
  l.status,
  l.conclusion,
  l.actor,
  l.html_url,
  l.created_at,
  l.run_started_at,
  l.updated_at,
  IF(l.status = 'completed', TIMESTAMP_DIFF(l.updated_at, COALESCE(l.run_started_at, l.created_at), SECOND), NULL) AS duration_seconds,
  CAST(NULL AS STRING) AS logs_status,
  CAST(NULL AS STRING) AS logs_uri,
  CAST(NULL AS TIMESTAMP) AS logs_processed_at,
  l.last_action,
  l.last_received,
  l.state_version,
  CAST(NULL AS STRING) AS logs_version
FROM latest AS l;

SET workflow_runs_from = (SELECT MIN(created_at) FROM workflow_runs_changes);

MERGE `${project}.${dataset}.workflow_runs` AS t
USING (SELECT * FROM workflow_runs_changes) AS s
ON t.repository_full_name = s.repository_full_name AND t.workflow_run_id = s.workflow_run_id
  AND t.run_attempt IS NOT DISTINCT FROM s.run_attempt
  AND (t.created_at >= workflow_runs_from OR t.created_at IS NULL)
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_state_columns}
WHEN NOT MATCHED THEN INSERT ROW;

-- The logs archived in the window, for the runs their deliveries were about; then the runs' rows, from
-- the oldest run's partition on.
CREATE TEMP TABLE workflow_logs_changes AS
SELECT
  d.repository_full_name,
  d.workflow_run_id,
  d.run_attempt,
  d.run_created_at,
  l.status AS logs_status,
  l.logs_uri,
  l.processed_at AS logs_processed_at,
  CONCAT(IF(l.status = 'SUCCESS', '1', '0'), FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', l.processed_at, 'UTC')) AS logs_version
FROM `${project}.${dataset}.leech_status` AS l
JOIN `${project}.${dataset}.workflow_run_deliveries` AS d
  ON d.delivery_id = l.delivery_id AND d.first_received >= leech_deliveries_from
WHERE l.processed_at >= window_start
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY d.repository_full_name, d.workflow_run_id, d.run_attempt ORDER BY logs_version DESC) = 1;

SET workflow_logs_from = (SELECT MIN(run_created_at) FROM workflow_logs_changes);

MERGE `${project}.${dataset}.workflow_runs` AS t
USING (SELECT * FROM workflow_logs_changes) AS s
ON t.repository_full_name = s.repository_full_name AND t.workflow_run_id = s.workflow_run_id
  AND t.run_attempt IS NOT DISTINCT FROM s.run_attempt
  AND (t.created_at >= workflow_logs_from OR t.created_at IS NULL)
WHEN MATCHED AND (t.logs_version IS NULL OR s.logs_version > t.logs_version) THEN UPDATE SET
  logs_status = s.logs_status, logs_uri = s.logs_uri, logs_processed_at = s.logs_processed_at,
  logs_version = s.logs_version;
