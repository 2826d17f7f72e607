-- SQLite twin of terraform/views/dora_changes.sql.
CREATE VIEW dora_changes AS
WITH merged AS (
  SELECT repository_full_name, number, head_branch, created_at, merged_at
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
  GROUP BY m.repository_full_name, m.number
),
deployed AS (
  SELECT repository_full_name, number, deployment_id, deployed_at
  FROM (
    SELECT m.repository_full_name, m.number, d.deployment_id, d.first_success_at AS deployed_at,
      ROW_NUMBER() OVER (
        PARTITION BY m.repository_full_name, m.number ORDER BY d.first_success_at, d.deployment_id) AS rank_in_change
    FROM merged AS m
    JOIN deployments AS d
      ON d.repository_full_name = m.repository_full_name
      AND d.is_production
      AND d.first_success_at >= m.merged_at)
  WHERE rank_in_change = 1
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
  unixepoch(d.deployed_at) - unixepoch(COALESCE(f.first_commit_at, m.created_at)) AS lead_time_seconds
FROM merged AS m
LEFT JOIN first_commits AS f ON f.repository_full_name = m.repository_full_name AND f.number = m.number
LEFT JOIN deployed AS d ON d.repository_full_name = m.repository_full_name AND d.number = m.number
