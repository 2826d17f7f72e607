-- workflow_runs: latest state per run attempt, with duration and the archived logs from leech_status.
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
  FROM `${project}.${dataset}.events_unique` AS e
  WHERE e.event = 'workflow_run'
),
keyed AS (
  SELECT * FROM run_events WHERE workflow_run_id IS NOT NULL AND repository_full_name IS NOT NULL
),
latest AS (
  SELECT *
  FROM keyed
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY repository_full_name, workflow_run_id, run_attempt
    ORDER BY updated_at DESC, last_received DESC, delivery_id DESC) = 1
),
logs AS (
  -- the leech pipeline writes one row per try for a completed run's delivery; a SUCCESS wins, then the newest
  SELECT
    k.repository_full_name,
    k.workflow_run_id,
    k.run_attempt,
    s.status AS logs_status,
    s.logs_uri,
    s.processed_at AS logs_processed_at
  FROM keyed AS k
  JOIN `${project}.${dataset}.leech_status` AS s ON s.delivery_id = k.delivery_id
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY k.repository_full_name, k.workflow_run_id, k.run_attempt
    ORDER BY IF(s.status = 'SUCCESS', 0, 1), s.processed_at DESC) = 1
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
  g.logs_status,
  g.logs_uri,
  g.logs_processed_at,
  l.last_action,
  l.last_received
FROM latest AS l
LEFT JOIN logs AS g
  ON g.repository_full_name = l.repository_full_name
  AND g.workflow_run_id = l.workflow_run_id
  AND g.run_attempt = l.run_attempt
