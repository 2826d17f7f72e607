-- deployments: one row per deployment, from every source (column source).
-- GitHub ('github'): the deployment object rides on deployment and deployment_status events (the
-- latest delivery wins); its outcome is then recomputed from deployment_statuses for the deployments
-- the window touched (every status arrives in a delivery that carries its deployment): 'success' once any status is success (a later 'inactive' does not undo it),
-- 'failure' when a failure/error status came and no success, else 'pending'.
-- Reports from any CI/CD tool ('custom', POST /events/deployments): one report is the whole
-- deployment; the newest report of an id wins.
MERGE `${project}.${dataset}.deployments` AS t
USING (SELECT * FROM deployments_changes) AS s
ON t.repository_full_name = s.repository_full_name AND t.deployment_key = s.deployment_key
  AND (t.created_at >= deployments_from OR t.created_at IS NULL)
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_state_columns}
WHEN NOT MATCHED THEN INSERT ROW;

MERGE `${project}.${dataset}.deployments` AS t
USING (SELECT * FROM deployment_reports_changes) AS s
ON t.repository_full_name = s.repository_full_name AND t.deployment_key = s.deployment_key
  AND (t.created_at >= deployments_from OR t.created_at IS NULL)
WHEN MATCHED AND s.state_version > t.state_version THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;

MERGE `${project}.${dataset}.deployments` AS t
USING (
  WITH statuses AS (
    SELECT repository_full_name, deployment_id, deployment_status_id, state, created_at
    FROM `${project}.${dataset}.deployment_statuses`
    -- a status comes after its deployment was created
    WHERE created_at >= deployments_from
  ),
  summary AS (
    SELECT
      repository_full_name,
      deployment_id,
      COUNT(*) AS status_count,
      MIN(IF(state = 'success', created_at, NULL)) AS first_success_at,
      MIN(IF(state IN ('failure', 'error'), created_at, NULL)) AS first_failure_at,
      ARRAY_AGG(STRUCT(state, created_at) ORDER BY created_at DESC, deployment_status_id DESC LIMIT 1)[OFFSET(0)] AS latest
    FROM statuses
    GROUP BY repository_full_name, deployment_id
  )
  SELECT
    d.repository_full_name,
    d.deployment_key,
    COALESCE(s.status_count, 0) AS status_count,
    s.latest.state AS latest_state,
    s.latest.created_at AS latest_state_at,
    s.first_success_at,
    s.first_failure_at,
    CASE
      WHEN s.first_success_at IS NOT NULL THEN 'success'
      WHEN s.first_failure_at IS NOT NULL THEN 'failure'
      ELSE 'pending'
    END AS outcome,
    COALESCE(s.first_success_at, s.first_failure_at) AS completed_at,
    TIMESTAMP_DIFF(COALESCE(s.first_success_at, s.first_failure_at), d.created_at, SECOND) AS duration_seconds
  FROM `${project}.${dataset}.deployments` AS d
  JOIN (SELECT DISTINCT repository_full_name, deployment_key FROM deployments_changes) AS c
    ON c.repository_full_name = d.repository_full_name AND c.deployment_key = d.deployment_key
  LEFT JOIN summary AS s ON s.repository_full_name = d.repository_full_name AND s.deployment_id = d.deployment_id
  WHERE d.source = 'github' AND (d.created_at >= deployments_from OR d.created_at IS NULL)
) AS s
ON t.repository_full_name = s.repository_full_name AND t.deployment_key = s.deployment_key
  AND (t.created_at >= deployments_from OR t.created_at IS NULL)
WHEN MATCHED THEN UPDATE SET
  status_count = s.status_count, latest_state = s.latest_state, latest_state_at = s.latest_state_at,
  first_success_at = s.first_success_at, first_failure_at = s.first_failure_at, outcome = s.outcome,
  completed_at = s.completed_at, duration_seconds = s.duration_seconds;
