-- check_runs: latest state per check run.
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
  FROM `${project}.${dataset}.events_unique` AS e
  WHERE e.event = 'check_run'
)
SELECT
  * EXCEPT (last_action, last_received, delivery_id),
  TIMESTAMP_DIFF(completed_at, started_at, SECOND) AS duration_seconds,
  last_action,
  last_received
FROM check_events
WHERE check_run_id IS NOT NULL
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY check_run_id ORDER BY completed_at DESC, last_received DESC, delivery_id DESC) = 1
