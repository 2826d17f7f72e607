-- workflow_jobs: latest state per job (a job id is unique per run attempt); newest state wins
-- (completed_at, then started_at, then received, then delivery_id).
-- The changes of the window, then the oldest created_at among them: the MERGE reads the table's
-- partitions from there on (created_at never changes for an object, so its row cannot lie before).
CREATE TEMP TABLE workflow_jobs_changes AS
WITH job_events AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_job.id') AS INT64) AS workflow_job_id,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_job.run_id') AS INT64) AS workflow_run_id,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_job.run_attempt') AS INT64) AS run_attempt,
    JSON_VALUE(e.payload, '$.workflow_job.name') AS job_name,
    JSON_VALUE(e.payload, '$.workflow_job.workflow_name') AS workflow_name,
    JSON_VALUE(e.payload, '$.workflow_job.head_branch') AS head_branch,
    JSON_VALUE(e.payload, '$.workflow_job.head_sha') AS head_sha,
    JSON_VALUE(e.payload, '$.workflow_job.status') AS status,
    JSON_VALUE(e.payload, '$.workflow_job.conclusion') AS conclusion,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_job.created_at') AS TIMESTAMP) AS created_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_job.started_at') AS TIMESTAMP) AS started_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_job.completed_at') AS TIMESTAMP) AS completed_at,
    JSON_VALUE(e.payload, '$.workflow_job.runner_name') AS runner_name,
    JSON_VALUE(e.payload, '$.workflow_job.runner_group_name') AS runner_group_name,
    NULLIF(ARRAY_TO_STRING(ARRAY(
      SELECT JSON_VALUE(label) FROM UNNEST(JSON_QUERY_ARRAY(e.payload, '$.workflow_job.labels')) AS label WITH OFFSET AS position
      ORDER BY position), ','), '') AS runner_labels,
    JSON_VALUE(e.payload, '$.workflow_job.html_url') AS html_url,
    e.action AS last_action,
    e.received AS last_received,
    e.delivery_id
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'workflow_job'
)
SELECT
  * EXCEPT (last_action, last_received, delivery_id),
  TIMESTAMP_DIFF(started_at, created_at, SECOND) AS queued_seconds,
  TIMESTAMP_DIFF(completed_at, started_at, SECOND) AS duration_seconds,
  last_action,
  last_received,
  CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', IFNULL(completed_at, TIMESTAMP '1970-01-01 00:00:00+00'), 'UTC'), '|',
    FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', IFNULL(started_at, TIMESTAMP '1970-01-01 00:00:00+00'), 'UTC'), '|',
    FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', last_received, 'UTC'), '|', delivery_id) AS state_version
FROM job_events
WHERE workflow_job_id IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY workflow_job_id ORDER BY state_version DESC) = 1;

SET workflow_jobs_from = (SELECT MIN(created_at) FROM workflow_jobs_changes);

MERGE `${project}.${dataset}.workflow_jobs` AS t
USING (SELECT * FROM workflow_jobs_changes) AS s
ON t.workflow_job_id = s.workflow_job_id
  AND (t.created_at >= workflow_jobs_from OR t.created_at IS NULL)
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;
