-- issues: latest state per issue (repository, number), with labels and the incident flag; newest state
-- wins (updated_at, then received, then delivery_id).
-- The changes of the window, then the oldest created_at among them: the MERGE reads the table's
-- partitions from there on (created_at never changes for an object, so its row cannot lie before).
CREATE TEMP TABLE issues_changes AS
WITH issue_events AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    SAFE_CAST(JSON_VALUE(e.payload, '$.issue.number') AS INT64) AS number,
    SAFE_CAST(JSON_VALUE(e.payload, '$.issue.id') AS INT64) AS issue_id,
    JSON_VALUE(e.payload, '$.issue.title') AS title,
    JSON_VALUE(e.payload, '$.issue.user.login') AS author,
    JSON_VALUE(e.payload, '$.issue.state') AS state,
    JSON_VALUE(e.payload, '$.issue.state_reason') AS state_reason,
    SAFE_CAST(JSON_VALUE(e.payload, '$.issue.created_at') AS TIMESTAMP) AS created_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.issue.updated_at') AS TIMESTAMP) AS updated_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.issue.closed_at') AS TIMESTAMP) AS closed_at,
    JSON_QUERY_ARRAY(e.payload, '$.issue.labels') AS labels,
    e.action AS last_action,
    e.received AS last_received,
    e.delivery_id
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'issues'
),
latest AS (
  SELECT
    *,
    CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', IFNULL(updated_at, TIMESTAMP '1970-01-01 00:00:00+00'), 'UTC'), '|',
      FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', last_received, 'UTC'), '|', delivery_id) AS state_version
  FROM issue_events
  WHERE number IS NOT NULL AND repository_full_name IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY repository_full_name, number ORDER BY state_version DESC) = 1
)
SELECT
  l.repository_full_name,
  l.organization_name,
  l.number,
  l.issue_id,
  l.title,
  l.author,
  l.state,
  l.state_reason,
  l.created_at,
  l.updated_at,
  l.closed_at,
  IF(l.state = 'closed', TIMESTAMP_DIFF(l.closed_at, l.created_at, SECOND), NULL) AS open_duration_seconds,
  NULLIF(ARRAY_TO_STRING(ARRAY(
    SELECT JSON_VALUE(label, '$.name') FROM UNNEST(l.labels) AS label WITH OFFSET AS position ORDER BY position), ','), '') AS labels,
  EXISTS (
    SELECT 1 FROM UNNEST(l.labels) AS label
    WHERE REGEXP_CONTAINS(JSON_VALUE(label, '$.name'), r'${incident_label_pattern}')) AS is_incident,
  l.last_action,
  l.last_received,
  l.state_version
FROM latest AS l;

SET issues_from = (SELECT MIN(created_at) FROM issues_changes);

MERGE `${project}.${dataset}.issues` AS t
USING (SELECT * FROM issues_changes) AS s
ON t.repository_full_name = s.repository_full_name AND t.number = s.number
  AND (t.created_at >= issues_from OR t.created_at IS NULL)
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;
