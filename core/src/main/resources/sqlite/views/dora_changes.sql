-- SQLite twin of the BigQuery table dora_changes (terraform/analytics/refresh/dora_changes.sql), with
-- the same DORA horizon: links reach at most 90 days (7776000 seconds, dora_horizon_days).
CREATE VIEW dora_changes AS
WITH merged AS (
  SELECT repository_full_name, number, head_branch, head_sha, merge_commit_sha, created_at, merged_at
  FROM pull_requests
  WHERE merged_at IS NOT NULL
    AND (default_branch IS NULL OR base_branch IS NULL OR base_branch = default_branch)
),
first_commits AS (
  SELECT m.repository_full_name, m.number, MIN(c.committed_at) AS first_commit_at
  FROM merged AS m
  JOIN commits AS c
    ON c.repository_full_name = m.repository_full_name
    AND c.branch = m.head_branch
    AND strftime('%Y-%m-%dT%H:%M:%fZ', c.first_pushed_at) <= m.merged_at
    AND unixepoch(c.committed_at) >= unixepoch(m.merged_at) - 7776000
  GROUP BY m.repository_full_name, m.number
),
deployed AS (
  SELECT repository_full_name, number, deployment_id, deployment_key, deployed_at
  FROM (
    SELECT m.repository_full_name, m.number, d.deployment_id, d.deployment_key, d.first_success_at AS deployed_at,
      ROW_NUMBER() OVER (
        PARTITION BY m.repository_full_name, m.number ORDER BY d.first_success_at, d.deployment_key) AS rank_in_change
    FROM merged AS m
    JOIN deployments AS d
      ON d.repository_full_name = m.repository_full_name
      AND d.is_production
      AND unixepoch(d.first_success_at) < unixepoch(d.created_at) + 7776000
      AND d.first_success_at >= m.merged_at
      AND unixepoch(d.first_success_at) < unixepoch(m.merged_at) + 7776000)
  WHERE rank_in_change = 1
),
pushed_deployments AS (
  SELECT d.repository_full_name, d.deployment_key, d.sha, d.first_success_at AS deployed_at
  FROM deployments AS d
  WHERE d.source = 'custom' AND d.is_production AND d.first_success_at IS NOT NULL AND d.sha IS NOT NULL
    AND unixepoch(d.first_success_at) < unixepoch(d.created_at) + 7776000
    AND NOT EXISTS (
      SELECT 1 FROM merged AS m
      WHERE m.repository_full_name = d.repository_full_name
        AND m.merged_at <= d.first_success_at
        AND unixepoch(m.merged_at) > unixepoch(d.first_success_at) - 7776000
        AND (substr(m.merge_commit_sha, 1, length(d.sha)) = d.sha OR substr(m.head_sha, 1, length(d.sha)) = d.sha))
),
pushed_commits AS (
  SELECT p.repository_full_name, p.deployment_key,
    MIN(COALESCE(c.committed_at, strftime('%Y-%m-%dT%H:%M:%fZ', c.first_pushed_at))) AS first_commit_at
  FROM pushed_deployments AS p
  JOIN commits AS c
    ON c.repository_full_name = p.repository_full_name AND substr(c.sha, 1, length(p.sha)) = p.sha
    AND unixepoch(COALESCE(c.committed_at, strftime('%Y-%m-%dT%H:%M:%fZ', c.first_pushed_at))) >= unixepoch(p.deployed_at) - 7776000
  GROUP BY p.repository_full_name, p.deployment_key
)
SELECT
  m.repository_full_name,
  m.number AS pull_request_number,
  m.created_at AS pull_request_created_at,
  m.merged_at,
  COALESCE(f.first_commit_at, m.created_at) AS first_commit_at,
  CASE WHEN f.first_commit_at IS NULL THEN 'pull_request_created_at' ELSE 'head_branch_commits' END AS first_commit_source,
  d.deployment_id,
  d.deployed_at,
  unixepoch(d.deployed_at) - unixepoch(COALESCE(f.first_commit_at, m.created_at)) AS lead_time_seconds,
  d.deployment_key,
  m.merge_commit_sha AS sha
FROM merged AS m
LEFT JOIN first_commits AS f ON f.repository_full_name = m.repository_full_name AND f.number = m.number
LEFT JOIN deployed AS d ON d.repository_full_name = m.repository_full_name AND d.number = m.number
UNION ALL
SELECT
  p.repository_full_name,
  NULL AS pull_request_number,
  NULL AS pull_request_created_at,
  NULL AS merged_at,
  c.first_commit_at,
  'push' AS first_commit_source,
  NULL AS deployment_id,
  p.deployed_at,
  unixepoch(p.deployed_at) - unixepoch(c.first_commit_at) AS lead_time_seconds,
  p.deployment_key,
  p.sha
FROM pushed_deployments AS p
LEFT JOIN pushed_commits AS c ON c.repository_full_name = p.repository_full_name AND c.deployment_key = p.deployment_key
