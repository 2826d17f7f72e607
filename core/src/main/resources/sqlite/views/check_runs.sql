-- SQLite twin of the BigQuery table check_runs (terraform/analytics/refresh/check_runs.sql): latest
-- state per check run (completed_at, then received, then delivery_id).
CREATE VIEW check_runs AS
WITH src AS (
  SELECT e.repository_full_name, e.organization_name, e.action, e.received, e.delivery_id,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  WHERE e.event = 'check_run'
),
check_events AS (
  SELECT
    repository_full_name,
    organization_name,
    json_extract(body, '$.check_run.id') AS check_run_id,
    json_extract(body, '$.check_run.name') AS name,
    json_extract(body, '$.check_run.head_sha') AS head_sha,
    json_extract(body, '$.check_run.check_suite.head_branch') AS head_branch,
    json_extract(body, '$.check_run.status') AS status,
    json_extract(body, '$.check_run.conclusion') AS conclusion,
    json_extract(body, '$.check_run.app.slug') AS app_slug,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.check_run.started_at')) AS started_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.check_run.completed_at')) AS completed_at,
    (SELECT group_concat(pr_number, ',') FROM (
       SELECT json_extract(pr.value, '$.number') AS pr_number
       FROM json_each(body, '$.check_run.pull_requests') AS pr
       WHERE json_type(body, '$.check_run.pull_requests') = 'array'
       ORDER BY pr.key)) AS pull_request_numbers,
    json_extract(body, '$.check_run.html_url') AS html_url,
    action AS last_action,
    received AS last_received,
    delivery_id
  FROM src
),
latest AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY check_run_id ORDER BY completed_at DESC, last_received DESC, delivery_id DESC) AS rank_in_check_run
    FROM check_events
    WHERE check_run_id IS NOT NULL)
  WHERE rank_in_check_run = 1
)
SELECT
  repository_full_name,
  organization_name,
  check_run_id,
  name,
  head_sha,
  head_branch,
  status,
  conclusion,
  app_slug,
  started_at,
  completed_at,
  pull_request_numbers,
  html_url,
  unixepoch(completed_at) - unixepoch(started_at) AS duration_seconds,
  last_action,
  last_received
FROM latest
