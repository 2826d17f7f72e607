-- pushes: one row per push delivery, pushed_at being when it was first received (a redelivery of the
-- same GUID changes nothing). A GUID's first receipt is at most 7 days before the window (redelivery_from),
-- so only those partitions are read.
MERGE `${project}.${dataset}.pushes` AS t
USING (
  SELECT
    e.repository_full_name,
    e.organization_name,
    e.delivery_id,
    e.received AS pushed_at,
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
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'push' AND JSON_VALUE(e.payload, '$.ref') IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY e.delivery_id ORDER BY e.received) = 1
) AS s
ON t.delivery_id = s.delivery_id AND t.pushed_at >= redelivery_from
WHEN MATCHED AND s.pushed_at < t.pushed_at THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;
