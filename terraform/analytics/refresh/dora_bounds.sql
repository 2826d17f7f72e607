-- The time span the DORA recomputation covers. A DORA link (a change to the deployment that shipped
-- it, a change to its first commit, an incident to its deployment, a failed deployment to its
-- recovery, a deployment to its completion) reaches at most dora_horizon_days, so a change of the
-- window at time T can only alter the DORA rows anchored from T - horizon on. dora_from is that
-- time for the oldest change of the window; the DORA steps recompute the rows anchored from there
-- and read each derived table only from the partitions those rows can reach.
SET dora_from = (
  SELECT TIMESTAMP_SUB(MIN(changed_at), INTERVAL dora_horizon_days DAY)
  FROM (
    SELECT merged_at AS changed_at FROM pull_requests_changes
    UNION ALL SELECT committed_at FROM commits_changes
    UNION ALL SELECT first_pushed_at FROM commits_changes
    UNION ALL SELECT deployments_from
    -- an issue that is an incident, or may have stopped being one
    UNION ALL SELECT created_at FROM issues_changes
      WHERE is_incident OR last_action IN ('unlabeled', 'deleted', 'transferred')
    UNION ALL SELECT opened_at FROM incidents_changes
  ));

-- the deployments a recomputed row can link to: created at most two horizons before dora_from (an
-- incident links back one horizon to a deployment that completed at most one horizon after creation)
SET dora_deployments_from = TIMESTAMP_SUB(dora_from, INTERVAL 2 * dora_horizon_days DAY);

-- the pull requests merged from one horizon before dora_from (a direct push is one that no pull
-- request merged in the horizon before it brought): every one is in dora_changes or changed in the
-- window, so their oldest creation time bounds the pull_requests partitions to read
SET dora_pull_requests_from = (
  SELECT MIN(created_at)
  FROM (
    SELECT pull_request_created_at AS created_at
    FROM `${project}.${dataset}.dora_changes`
    WHERE anchored_at >= TIMESTAMP_SUB(dora_from, INTERVAL dora_horizon_days DAY) AND pull_request_number IS NOT NULL
    UNION ALL
    SELECT created_at FROM pull_requests_changes
    WHERE merged_at >= TIMESTAMP_SUB(dora_from, INTERVAL dora_horizon_days DAY)
  ));
