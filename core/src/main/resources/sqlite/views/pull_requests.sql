-- SQLite twin of terraform/views/pull_requests.sql.
CREATE VIEW pull_requests AS
WITH src AS (
  SELECT e.repository_full_name, e.organization_name, e.action, e.received, e.delivery_id,
    CASE WHEN json_valid(e.payload) THEN e.payload END AS body
  FROM events_unique AS e
  WHERE e.event = 'pull_request'
),
pr_events AS (
  SELECT
    repository_full_name,
    organization_name,
    json_extract(body, '$.pull_request.number') AS number,
    json_extract(body, '$.pull_request.id') AS pull_request_id,
    json_extract(body, '$.pull_request.title') AS title,
    json_extract(body, '$.pull_request.user.login') AS author,
    json_extract(body, '$.pull_request.state') AS state,
    json_extract(body, '$.pull_request.draft') AS draft,
    json_extract(body, '$.pull_request.base.ref') AS base_branch,
    json_extract(body, '$.pull_request.head.ref') AS head_branch,
    json_extract(body, '$.pull_request.head.sha') AS head_sha,
    json_extract(body, '$.pull_request.merge_commit_sha') AS merge_commit_sha,
    json_extract(body, '$.repository.default_branch') AS default_branch,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.pull_request.created_at')) AS created_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.pull_request.updated_at')) AS updated_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.pull_request.closed_at')) AS closed_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(body, '$.pull_request.merged_at')) AS merged_at,
    json_extract(body, '$.pull_request.additions') AS additions,
    json_extract(body, '$.pull_request.deletions') AS deletions,
    json_extract(body, '$.pull_request.changed_files') AS changed_files,
    json_extract(body, '$.pull_request.commits') AS commits,
    action AS last_action,
    received AS last_received,
    delivery_id
  FROM src
),
latest AS (
  SELECT * FROM (
    SELECT *, ROW_NUMBER() OVER (
      PARTITION BY repository_full_name, number
      ORDER BY updated_at DESC, last_received DESC, delivery_id DESC) AS rank_in_pr
    FROM pr_events
    WHERE number IS NOT NULL AND repository_full_name IS NOT NULL)
  WHERE rank_in_pr = 1
),
first_reviews AS (
  SELECT repository_full_name, pull_request_number, MIN(submitted_at) AS first_review_at
  FROM pull_request_reviews
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
  unixepoch(l.closed_at) - unixepoch(l.created_at) AS open_duration_seconds,
  unixepoch(l.merged_at) - unixepoch(l.created_at) AS time_to_merge_seconds,
  r.first_review_at,
  unixepoch(r.first_review_at) - unixepoch(l.created_at) AS time_to_first_review_seconds,
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
