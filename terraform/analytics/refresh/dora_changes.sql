-- dora_changes: one row per change (a pull request merged into its repository's default branch),
-- with the first commit of the change and the successful production deployment that shipped it.
-- First commit: the earliest commit pushed to the pull request's head branch before the merge, so
-- squash and rebase merges (whose commit on the default branch is new) still measure from the first
-- commit; when no push to the head branch was captured (forks, history before the App), the pull
-- request's creation time stands in. Shipped by: the first successful production-like deployment of
-- the repository at or after the merge.
-- Recomputed whole for the repositories the window touched (a deployment today can ship a change merged
-- long ago), from the derived tables only.
DELETE FROM `${project}.${dataset}.dora_changes` AS t
WHERE t.repository_full_name IN (SELECT repository_full_name FROM affected_repositories);

INSERT INTO `${project}.${dataset}.dora_changes`
WITH merged AS (
  SELECT repository_full_name, number, head_branch, created_at, merged_at
  FROM `${project}.${dataset}.pull_requests`
  WHERE merged_at IS NOT NULL
    AND repository_full_name IN (SELECT repository_full_name FROM affected_repositories)
    AND (default_branch IS NULL OR base_branch IS NULL OR base_branch = default_branch)
),
first_commits AS (
  SELECT m.repository_full_name, m.number, MIN(c.committed_at) AS first_commit_at
  FROM merged AS m
  JOIN `${project}.${dataset}.commits` AS c
    ON c.repository_full_name = m.repository_full_name
    AND c.branch = m.head_branch
    AND c.first_pushed_at <= m.merged_at
    AND c.repository_full_name IN (SELECT repository_full_name FROM affected_repositories)
  GROUP BY m.repository_full_name, m.number
),
deployed AS (
  SELECT m.repository_full_name, m.number, d.deployment_id, d.first_success_at AS deployed_at
  FROM merged AS m
  JOIN `${project}.${dataset}.deployments` AS d
    ON d.repository_full_name = m.repository_full_name
    AND d.is_production
    AND d.first_success_at >= m.merged_at
    AND d.repository_full_name IN (SELECT repository_full_name FROM affected_repositories)
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY m.repository_full_name, m.number ORDER BY d.first_success_at, d.deployment_id) = 1
)
SELECT
  m.repository_full_name,
  m.number AS pull_request_number,
  m.created_at AS pull_request_created_at,
  m.merged_at,
  COALESCE(f.first_commit_at, m.created_at) AS first_commit_at,
  IF(f.first_commit_at IS NULL, 'pull_request_created_at', 'head_branch_commits') AS first_commit_source,
  d.deployment_id,
  d.deployed_at,
  TIMESTAMP_DIFF(d.deployed_at, COALESCE(f.first_commit_at, m.created_at), SECOND) AS lead_time_seconds
FROM merged AS m
LEFT JOIN first_commits AS f ON f.repository_full_name = m.repository_full_name AND f.number = m.number
LEFT JOIN deployed AS d ON d.repository_full_name = m.repository_full_name AND d.number = m.number;
