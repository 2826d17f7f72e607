-- SQLite twin of the BigQuery table workflow_jobs (terraform/analytics/refresh/workflow_jobs.sql): latest
-- state per job, a job id being unique per run attempt (completed_at, then started_at, then received,
-- then delivery_id).
CREATE VIEW workflow_jobs AS
WITH src AS (
  SELECT e.repository_full_name, e.organization_name, e.action, e.received, e.delivery_id,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  WHERE e.event = 'workflow_job'
),
job_events AS (
  SELECT
    repository_full_name,
    organization_name,
    json_extract(body, '$.workflow_job.id') AS workflow_job_id,
    json_extract(body, '$.workflow_job.run_id') AS workflow_run_id,
    json_extract(body, '$.workflow_job.run_attempt') AS run_attempt,
    json_extract(body, '$.workflow_job.name') AS job_name,
    json_extract(body, '$.workflow_job.workflow_name') AS workflow_name,
    json_extract(body, '$.workflow_job.head_branch') AS head_branch,
    json_extract(body, '$.workflow_job.head_sha') AS head_sha,
    json_extract(body, '$.workflow_job.status') AS status,
    json_extract(body, '$.workflow_job.conclusion') AS conclusion,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.workflow_job.created_at')) AS created_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.workflow_job.started_at')) AS started_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.workflow_job.completed_at')) AS completed_at,
    json_extract(body, '$.workflow_job.runner_name') AS runner_name,
    json_extract(body, '$.workflow_job.runner_group_name') AS runner_group_name,
    (SELECT group_concat(label_name, ',') FROM (
       SELECT label.atom AS label_name
       FROM json_each(body, '$.workflow_job.labels') AS label
       WHERE json_type(body, '$.workflow_job.labels') = 'array'
       ORDER BY label.key)) AS runner_labels,
    json_extract(body, '$.workflow_job.html_url') AS html_url,
    action AS last_action,
    received AS last_received,
    delivery_id
  FROM src
),
latest AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY workflow_job_id
      ORDER BY completed_at DESC, started_at DESC, last_received DESC, delivery_id DESC) AS rank_in_job
    FROM job_events
    WHERE workflow_job_id IS NOT NULL)
  WHERE rank_in_job = 1
)
SELECT
  repository_full_name,
  organization_name,
  workflow_job_id,
  workflow_run_id,
  run_attempt,
  job_name,
  workflow_name,
  head_branch,
  head_sha,
  status,
  conclusion,
  created_at,
  started_at,
  completed_at,
  runner_name,
  runner_group_name,
  runner_labels,
  html_url,
  unixepoch(started_at) - unixepoch(created_at) AS queued_seconds,
  unixepoch(completed_at) - unixepoch(started_at) AS duration_seconds,
  last_action,
  last_received
FROM latest
