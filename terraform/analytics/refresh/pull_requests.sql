-- pull_requests: latest state per pull request (repository, number), newest state wins (updated_at,
-- then received, then delivery_id); then the first review, recomputed from pull_request_reviews for the
-- pull requests of the repositories the window touched.
-- The changes of the window, then the oldest created_at among them: the MERGE reads the table's
-- partitions from there on (created_at never changes for an object, so its row cannot lie before).
CREATE TEMP TABLE pull_requests_changes AS
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
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'pull_request'
),
latest AS (
  SELECT
    *,
    CONCAT(FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', IFNULL(updated_at, TIMESTAMP '1970-01-01 00:00:00+00'), 'UTC'), '|',
      FORMAT_TIMESTAMP('%Y%m%d%H%M%E6S', last_received, 'UTC'), '|', delivery_id) AS state_version
  FROM pr_events
  WHERE number IS NOT NULL AND repository_full_name IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY repository_full_name, number ORDER BY state_version DESC) = 1
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
  CAST(NULL AS TIMESTAMP) AS first_review_at,
  CAST(NULL AS INT64) AS time_to_first_review_seconds,
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
  l.last_received,
  l.state_version
FROM latest AS l;

SET pull_requests_from = (SELECT MIN(created_at) FROM pull_requests_changes);

MERGE `${project}.${dataset}.pull_requests` AS t
USING (SELECT * FROM pull_requests_changes) AS s
ON t.repository_full_name = s.repository_full_name AND t.number = s.number
  AND (t.created_at >= pull_requests_from OR t.created_at IS NULL)
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_state_columns}
WHEN NOT MATCHED THEN INSERT ROW;

-- First review: the earliest review by anyone but the author (a dismissed review still counts), for the
-- pull requests the window changed or reviewed. A review comes after its pull request was opened, so
-- the reviews and pull requests read lie in the partitions from the oldest of them on.
CREATE TEMP TABLE first_review_candidates AS
SELECT repository_full_name, number, created_at FROM pull_requests_changes
UNION DISTINCT
SELECT repository_full_name, pull_request_number, pull_request_created_at
FROM pull_request_reviews_changes
WHERE repository_full_name IS NOT NULL AND pull_request_number IS NOT NULL;

SET first_review_from = (SELECT MIN(created_at) FROM first_review_candidates);

MERGE `${project}.${dataset}.pull_requests` AS t
USING (
  SELECT c.repository_full_name, c.number, MIN(r.submitted_at) AS first_review_at
  FROM (SELECT DISTINCT repository_full_name, number FROM first_review_candidates) AS c
  JOIN `${project}.${dataset}.pull_request_reviews` AS r
    ON r.repository_full_name = c.repository_full_name AND r.pull_request_number = c.number
    AND (r.reviewer IS NULL OR r.pull_request_author IS NULL OR r.reviewer != r.pull_request_author)
    AND r.submitted_at >= first_review_from
  GROUP BY c.repository_full_name, c.number
) AS s
ON t.repository_full_name = s.repository_full_name AND t.number = s.number
  AND (t.created_at >= first_review_from OR t.created_at IS NULL)
WHEN MATCHED THEN UPDATE SET
  first_review_at = s.first_review_at,
  time_to_first_review_seconds = TIMESTAMP_DIFF(s.first_review_at, t.created_at, SECOND);
