-- commits: one row per commit and branch it was pushed to; the first push wins (earliest received, then
-- delivery_id), so a redelivery of the same push later changes nothing.
-- The changes of the window, then the oldest committed_at among them: the MERGE reads the table's
-- partitions from there on (committed_at never changes for an object, so its row cannot lie before).
CREATE TEMP TABLE commits_changes AS
WITH pushed AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    e.received,
    e.delivery_id,
    JSON_VALUE(e.payload, '$.ref') AS ref,
    commit_json
  FROM `${project}.${dataset}.events` AS e,
    UNNEST(JSON_QUERY_ARRAY(e.payload, '$.commits')) AS commit_json
  WHERE e.received >= window_start AND e.event = 'push'
),
commit_rows AS (
  SELECT
    repository_full_name,
    organization_name,
    IF(STARTS_WITH(ref, 'refs/heads/'), SUBSTR(ref, 12), ref) AS branch,
    JSON_VALUE(commit_json, '$.id') AS sha,
    JSON_VALUE(commit_json, '$.message') AS message,
    JSON_VALUE(commit_json, '$.author.username') AS author_login,
    JSON_VALUE(commit_json, '$.author.name') AS author_name,
    SAFE_CAST(JSON_VALUE(commit_json, '$.timestamp') AS TIMESTAMP) AS committed_at,
    SAFE_CAST(JSON_VALUE(commit_json, '$.distinct') AS BOOL) AS distinct_commit,
    received AS first_pushed_at,
    CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', received, 'UTC'), '|', delivery_id) AS state_version
  FROM pushed
)
SELECT *
FROM commit_rows
WHERE sha IS NOT NULL AND repository_full_name IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY repository_full_name, branch, sha ORDER BY state_version) = 1;

SET commits_from = (SELECT MIN(committed_at) FROM commits_changes);

MERGE `${project}.${dataset}.commits` AS t
USING (SELECT * FROM commits_changes) AS s
ON t.repository_full_name = s.repository_full_name AND t.branch IS NOT DISTINCT FROM s.branch AND t.sha = s.sha
  AND (t.committed_at >= commits_from OR t.committed_at IS NULL)
WHEN MATCHED AND s.state_version < t.state_version THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;
