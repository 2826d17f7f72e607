-- pull_requests: latest state per pull request (repository, number), with durations and size.
WITH pr_events AS (
  SELECT
    e.repository_full_name,
    e.organization_name,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.number') AS INT64) AS number,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.id') AS INT64) AS pull_request_id,
    JSON_VALUE(e.payload, '$.pull_request.title') AS title,
    JSON_VALUE(e.payload, '$.pull_request.user.login') AS author,
    JSON_VALUE(e.payload, '$.pull_request.state') AS state,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.draft') AS BOOL) AS draft,
    JSON_VALUE(e.payload, '$.pull_request.base.ref') AS base_branch,
    JSON_VALUE(e.payload, '$.pull_request.head.ref') AS head_branch,
    JSON_VALUE(e.payload, '$.pull_request.head.sha') AS head_sha,
    JSON_VALUE(e.payload, '$.pull_request.merge_commit_sha') AS merge_commit_sha,
    JSON_VALUE(e.payload, '$.repository.default_branch') AS default_branch,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.created_at') AS TIMESTAMP) AS created_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.updated_at') AS TIMESTAMP) AS updated_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.closed_at') AS TIMESTAMP) AS closed_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.merged_at') AS TIMESTAMP) AS merged_at,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.additions') AS INT64) AS additions,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.deletions') AS INT64) AS deletions,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.changed_files') AS INT64) AS changed_files,
    SAFE_CAST(JSON_VALUE(e.payload, '$.pull_request.commits') AS INT64) AS commits,
    e.action AS last_action,
    e.received AS last_received,
    e.delivery_id
  FROM `${project}.${dataset}.events_unique` AS e
  WHERE e.event = 'pull_request'
),
latest AS (
  SELECT *
  FROM pr_events
  WHERE number IS NOT NULL AND repository_full_name IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY repository_full_name, number
    ORDER BY updated_at DESC, last_received DESC, delivery_id DESC) = 1
),
first_reviews AS (
  -- reviews by anyone but the author; a dismissed review still counts as the first response
  SELECT repository_full_name, pull_request_number, MIN(submitted_at) AS first_review_at
  FROM `${project}.${dataset}.pull_request_reviews`
  WHERE reviewer IS NULL OR pull_request_author IS NULL OR reviewer != pull_request_author
  GROUP BY repository_full_name, pull_request_number
)
SELECT
  l.repository_full_name,
  l.organization_name,
  l.number,
  l.pull_request_id,
  l.title,
  l.author,
  l.state,
  l.merged_at IS NOT NULL AS merged,
  l.draft,
  l.base_branch,
  l.head_branch,
  l.head_sha,
  l.merge_commit_sha,
  l.default_branch,
  l.created_at,
  l.updated_at,
  l.closed_at,
  l.merged_at,
  TIMESTAMP_DIFF(l.closed_at, l.created_at, SECOND) AS open_duration_seconds,
  TIMESTAMP_DIFF(l.merged_at, l.created_at, SECOND) AS time_to_merge_seconds,
  r.first_review_at,
  TIMESTAMP_DIFF(r.first_review_at, l.created_at, SECOND) AS time_to_first_review_seconds,
  l.additions,
  l.deletions,
  l.additions + l.deletions AS changed_lines,
  l.changed_files,
  l.commits,
  CASE
    WHEN l.additions IS NULL OR l.deletions IS NULL THEN NULL
    WHEN l.additions + l.deletions < 10 THEN 'XS'
    WHEN l.additions + l.deletions < 50 THEN 'S'
    WHEN l.additions + l.deletions < 250 THEN 'M'
    WHEN l.additions + l.deletions < 1000 THEN 'L'
    ELSE 'XL'
  END AS size_bucket,
  l.last_action,
  l.last_received
FROM latest AS l
LEFT JOIN first_reviews AS r
  ON r.repository_full_name = l.repository_full_name AND r.pull_request_number = l.number
