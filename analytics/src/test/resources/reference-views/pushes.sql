-- pushes: one row per push delivery, pushed_at being its first receipt (a redelivery changes nothing).
WITH first_receipt AS (
  SELECT delivery_id, MIN(received) AS received
  FROM `${project}.${dataset}.events`
  WHERE event = 'push'
  GROUP BY delivery_id
)
SELECT
  e.repository_full_name,
  e.organization_name,
  e.delivery_id,
  f.received AS pushed_at,
  JSON_VALUE(e.payload, '$.ref') AS ref,
  IF(STARTS_WITH(JSON_VALUE(e.payload, '$.ref'), 'refs/heads/'), SUBSTR(JSON_VALUE(e.payload, '$.ref'), 12), NULL) AS branch,
  IF(STARTS_WITH(JSON_VALUE(e.payload, '$.ref'), 'refs/tags/'), SUBSTR(JSON_VALUE(e.payload, '$.ref'), 11), NULL) AS tag,
  JSON_VALUE(e.payload, '$.before') AS before_sha,
  JSON_VALUE(e.payload, '$.after') AS after_sha,
  SAFE_CAST(JSON_VALUE(e.payload, '$.created') AS BOOL) AS created,
  SAFE_CAST(JSON_VALUE(e.payload, '$.deleted') AS BOOL) AS deleted,
  SAFE_CAST(JSON_VALUE(e.payload, '$.forced') AS BOOL) AS forced,
  JSON_VALUE(e.payload, '$.pusher.name') AS pusher,
  ARRAY_LENGTH(JSON_QUERY_ARRAY(e.payload, '$.commits')) AS commit_count,
  JSON_VALUE(e.payload, '$.head_commit.id') AS head_commit_sha,
  SAFE_CAST(JSON_VALUE(e.payload, '$.head_commit.timestamp') AS TIMESTAMP) AS head_commit_at,
  JSON_VALUE(e.payload, '$.ref') = CONCAT('refs/heads/', JSON_VALUE(e.payload, '$.repository.default_branch')) AS to_default_branch
FROM `${project}.${dataset}.events_unique` AS e
JOIN first_receipt AS f ON f.delivery_id = e.delivery_id
WHERE e.event = 'push' AND JSON_VALUE(e.payload, '$.ref') IS NOT NULL
