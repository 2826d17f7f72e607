-- dora_changes: one row per change, with its first commit and the successful production deployment
-- that shipped it. A change is a pull request merged into its repository's default branch, or the
-- commit of a deployment reported by a CI/CD tool (source custom) that no pull request merged in the
-- horizon before it brought (a direct push): its lead time runs from that commit (first_commit_source
-- 'push').
-- First commit: the earliest commit pushed to the pull request's head branch before the merge and
-- committed at most dora_horizon_days before it, so squash and rebase merges (whose commit on the
-- default branch is new) still measure from the first commit; when no push to the head branch was
-- captured (forks, history before the App), the pull request's creation time stands in. Shipped by:
-- the first successful production-like deployment of the repository at or after the merge and at most
-- dora_horizon_days after it (a deployment counts once it completed within the horizon of its creation).
-- anchored_at (the merge, or the deployment of a direct push) is the partition: the rows anchored from
-- dora_from on are recomputed from the derived tables, each read from the partitions they can reach.
DELETE FROM `${project}.${dataset}.dora_changes` AS t
WHERE t.anchored_at >= dora_from;

INSERT INTO `${project}.${dataset}.dora_changes`
WITH merged AS (
  -- merged from one horizon before dora_from: the direct-push test looks that far back
  SELECT repository_full_name, number, head_branch, head_sha, merge_commit_sha, created_at, merged_at
  FROM `${project}.${dataset}.pull_requests`
  WHERE merged_at >= TIMESTAMP_SUB(dora_from, INTERVAL dora_horizon_days DAY)
    AND (created_at >= dora_pull_requests_from OR created_at IS NULL)
    AND (default_branch IS NULL OR base_branch IS NULL OR base_branch = default_branch)
),
production AS (
  SELECT repository_full_name, deployment_id, deployment_key, source, sha, first_success_at
  FROM `${project}.${dataset}.deployments`
  WHERE is_production AND first_success_at IS NOT NULL
    AND created_at >= dora_deployments_from
    AND first_success_at < TIMESTAMP_ADD(created_at, INTERVAL dora_horizon_days DAY)
),
first_commits AS (
  SELECT m.repository_full_name, m.number, MIN(c.committed_at) AS first_commit_at
  FROM merged AS m
  JOIN `${project}.${dataset}.commits` AS c
    ON c.repository_full_name = m.repository_full_name
    AND c.branch = m.head_branch
    AND c.first_pushed_at <= m.merged_at
    AND c.committed_at >= TIMESTAMP_SUB(m.merged_at, INTERVAL dora_horizon_days DAY)
    AND c.committed_at >= TIMESTAMP_SUB(dora_from, INTERVAL dora_horizon_days DAY)
  WHERE m.merged_at >= dora_from
  GROUP BY m.repository_full_name, m.number
),
deployed AS (
  SELECT m.repository_full_name, m.number, d.deployment_id, d.deployment_key, d.first_success_at AS deployed_at
  FROM merged AS m
  JOIN production AS d
    ON d.repository_full_name = m.repository_full_name
    AND d.first_success_at >= m.merged_at
    AND d.first_success_at < TIMESTAMP_ADD(m.merged_at, INTERVAL dora_horizon_days DAY)
  WHERE m.merged_at >= dora_from
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY m.repository_full_name, m.number ORDER BY d.first_success_at, d.deployment_key) = 1
),
pushed_deployments AS (
  -- reported deployments of a commit no pull request merged in the horizon before brought
  SELECT d.repository_full_name, d.deployment_key, d.sha, d.first_success_at AS deployed_at
  FROM production AS d
  WHERE d.source = 'custom' AND d.sha IS NOT NULL AND d.first_success_at >= dora_from
    AND NOT EXISTS (
      SELECT 1 FROM merged AS m
      WHERE m.repository_full_name = d.repository_full_name
        AND m.merged_at <= d.first_success_at
        AND m.merged_at > TIMESTAMP_SUB(d.first_success_at, INTERVAL dora_horizon_days DAY)
        AND (STARTS_WITH(m.merge_commit_sha, d.sha) OR STARTS_WITH(m.head_sha, d.sha)))
),
pushed_commits AS (
  -- a commit without a time (NULL partition) counts from its first receipt
  SELECT p.repository_full_name, p.deployment_key, MIN(COALESCE(c.committed_at, c.first_pushed_at)) AS first_commit_at
  FROM pushed_deployments AS p
  JOIN `${project}.${dataset}.commits` AS c
    ON c.repository_full_name = p.repository_full_name AND STARTS_WITH(c.sha, p.sha)
    AND COALESCE(c.committed_at, c.first_pushed_at) >= TIMESTAMP_SUB(p.deployed_at, INTERVAL dora_horizon_days DAY)
    AND (c.committed_at >= TIMESTAMP_SUB(dora_from, INTERVAL dora_horizon_days DAY) OR c.committed_at IS NULL)
  GROUP BY p.repository_full_name, p.deployment_key
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
  TIMESTAMP_DIFF(d.deployed_at, COALESCE(f.first_commit_at, m.created_at), SECOND) AS lead_time_seconds,
  d.deployment_key,
  m.merge_commit_sha AS sha,
  m.merged_at AS anchored_at
FROM merged AS m
LEFT JOIN first_commits AS f ON f.repository_full_name = m.repository_full_name AND f.number = m.number
LEFT JOIN deployed AS d ON d.repository_full_name = m.repository_full_name AND d.number = m.number
WHERE m.merged_at >= dora_from
UNION ALL
SELECT
  p.repository_full_name,
  CAST(NULL AS INT64) AS pull_request_number,
  CAST(NULL AS TIMESTAMP) AS pull_request_created_at,
  CAST(NULL AS TIMESTAMP) AS merged_at,
  c.first_commit_at,
  'push' AS first_commit_source,
  CAST(NULL AS INT64) AS deployment_id,
  p.deployed_at,
  TIMESTAMP_DIFF(p.deployed_at, c.first_commit_at, SECOND) AS lead_time_seconds,
  p.deployment_key,
  p.sha,
  p.deployed_at AS anchored_at
FROM pushed_deployments AS p
LEFT JOIN pushed_commits AS c ON c.repository_full_name = p.repository_full_name AND c.deployment_key = p.deployment_key;
