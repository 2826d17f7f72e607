-- commits: one row per commit and branch it was pushed to (first push wins, a push counting from its
-- first receipt: a redelivery of the same GUID changes nothing).
WITH first_receipt AS (
  SELECT delivery_id, MIN(received) AS received
  FROM `${project}.${dataset}.events`
  WHERE event = 'push'
  GROUP BY delivery_id
),
pushed AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    f.received,
    e.delivery_id,
    JSON_VALUE(e.payload, '$.ref') AS ref,
    commit_json
  FROM `${project}.${dataset}.events_unique` AS e
  JOIN first_receipt AS f ON f.delivery_id = e.delivery_id,
    UNNEST(JSON_QUERY_ARRAY(e.payload, '$.commits')) AS commit_json
  WHERE e.event = 'push'
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
    received AS pushed_at,
    delivery_id
  FROM pushed
)
SELECT
  repository_full_name,
  organization_name,
  branch,
  sha,
  message,
  author_login,
  author_name,
  committed_at,
  distinct_commit,
  pushed_at AS first_pushed_at
FROM commit_rows
WHERE sha IS NOT NULL AND repository_full_name IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY repository_full_name, branch, sha ORDER BY pushed_at, delivery_id) = 1
