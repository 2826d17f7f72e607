-- check_runs: latest state per check run; newest state wins (completed_at, then received, then delivery_id).
-- The changes of the window, then the oldest started_at among them: the MERGE reads the table's
-- partitions from there on (GitHub sets started_at when the check run is created, so its row cannot lie before).
CREATE TEMP TABLE check_runs_changes AS
WITH check_events AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    SAFE_CAST(JSON_VALUE(e.payload, '$.check_run.id') AS INT64) AS check_run_id,
    JSON_VALUE(e.payload, '$.check_run.name') AS name,
    JSON_VALUE(e.payload, '$.check_run.head_sha') AS head_sha,
    JSON_VALUE(e.payload, '$.check_run.check_suite.head_branch') AS head_branch,
    JSON_VALUE(e.payload, '$.check_run.status') AS status,
    JSON_VALUE(e.payload, '$.check_run.conclusion') AS conclusion,
    JSON_VALUE(e.payload, '$.check_run.app.slug') AS app_slug,
    SAFE_CAST(JSON_VALUE(e.payload, '$.check_run.started_at') AS TIMESTAMP) AS started_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.check_run.completed_at') AS TIMESTAMP) AS completed_at,
    NULLIF(ARRAY_TO_STRING(ARRAY(
      SELECT JSON_VALUE(pr, '$.number') FROM UNNEST(JSON_QUERY_ARRAY(e.payload, '$.check_run.pull_requests')) AS pr WITH OFFSET AS position
      ORDER BY position), ','), '') AS pull_request_numbers,
    JSON_VALUE(e.payload, '$.check_run.html_url') AS html_url,
    e.action AS last_action,
    e.received AS last_received,
    e.delivery_id
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'check_run'
)
SELECT
  * EXCEPT (last_action, last_received, delivery_id),
  TIMESTAMP_DIFF(completed_at, started_at, SECOND) AS duration_seconds,
  last_action,
  last_received,
  CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', IFNULL(completed_at, TIMESTAMP '1970-01-01 00:00:00+00'), 'UTC'), '|',
    FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', last_received, 'UTC'), '|', delivery_id) AS state_version
FROM check_events
WHERE check_run_id IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY check_run_id ORDER BY state_version DESC) = 1;

SET check_runs_from = (SELECT MIN(started_at) FROM check_runs_changes);

MERGE `${project}.${dataset}.check_runs` AS t
USING (SELECT * FROM check_runs_changes) AS s
ON t.check_run_id = s.check_run_id
  AND (t.started_at >= check_runs_from OR t.started_at IS NULL)
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;
