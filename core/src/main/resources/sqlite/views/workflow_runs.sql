-- SQLite twin of terraform/views/workflow_runs.sql.
CREATE VIEW workflow_runs AS
WITH src AS (
  SELECT e.repository_full_name, e.organization_name, e.action, e.received, e.delivery_id,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  WHERE e.event = 'workflow_run'
),
run_events AS (
  SELECT
    repository_full_name,
    organization_name,
    json_extract(body, '$.workflow_run.id') AS workflow_run_id,
    json_extract(body, '$.workflow_run.run_attempt') AS run_attempt,
    json_extract(body, '$.workflow_run.run_number') AS run_number,
    json_extract(body, '$.workflow_run.name') AS workflow_name,
    json_extract(body, '$.workflow_run.path') AS workflow_path,
    json_extract(body, '$.workflow_run.event') AS trigger_event,
    json_extract(body, '$.workflow_run.head_branch') AS head_branch,
    json_extract(body, '$.workflow_run.head_sha') AS head_sha,
    json_extract(body, '$.workflow_run.status') AS status,
    json_extract(body, '$.workflow_run.conclusion') AS conclusion,
    json_extract(body, '$.workflow_run.actor.login') AS actor,
    json_extract(body, '$.workflow_run.html_url') AS html_url,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.workflow_run.created_at')) AS created_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.workflow_run.run_started_at')) AS run_started_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.workflow_run.updated_at')) AS updated_at,
    action AS last_action,
    received AS last_received,
    delivery_id
  FROM src
),
keyed AS (
  SELECT * FROM run_events WHERE workflow_run_id IS NOT NULL AND repository_full_name IS NOT NULL
),
latest AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY repository_full_name, workflow_run_id, run_attempt
      ORDER BY updated_at DESC, last_received DESC, delivery_id DESC) AS rank_in_run
    FROM keyed)
  WHERE rank_in_run = 1
),
logs AS (
  SELECT repository_full_name, workflow_run_id, run_attempt, logs_status, logs_uri, logs_processed_at
  FROM (
    SELECT
      k.repository_full_name,
      k.workflow_run_id,
      k.run_attempt,
      s.status AS logs_status,
      s.logs_uri,
      s.processed_at AS logs_processed_at,
      ROW_NUMBER() OVER (
        PARTITION BY k.repository_full_name, k.workflow_run_id, k.run_attempt
        ORDER BY CASE WHEN s.status = 'SUCCESS' THEN 0 ELSE 1 END, s.processed_at DESC) AS rank_in_run
    FROM keyed AS k
    JOIN leech_status AS s ON s.delivery_id = k.delivery_id)
  WHERE rank_in_run = 1
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
  CASE WHEN l.status = 'completed'
    THEN unixepoch(l.updated_at) - unixepoch(COALESCE(l.run_started_at, l.created_at)) END AS duration_seconds,
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
