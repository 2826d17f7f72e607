-- dora_lead_time: per repository and UTC day of deployment, lead time for changes (first commit to the
-- successful production deployment that shipped it), median and 90th percentile, in hours.
-- Only the (repository, day) pairs whose inputs changed in this refresh are recomputed.
DELETE FROM `${project}.${dataset}.dora_lead_time` AS t
WHERE t.day >= DATE(dora_days_from) AND EXISTS (
  SELECT 1 FROM dora_touched_days AS d
  WHERE d.repository_full_name = t.repository_full_name AND d.day = t.day);

INSERT INTO `${project}.${dataset}.dora_lead_time`
SELECT v.*
FROM (
  WITH per_change AS (
    SELECT
      repository_full_name,
      DATE(deployed_at) AS day,
      lead_time_seconds,
      PERCENTILE_CONT(lead_time_seconds, 0.5) OVER (PARTITION BY repository_full_name, DATE(deployed_at)) AS median_seconds,
      PERCENTILE_CONT(lead_time_seconds, 0.9) OVER (PARTITION BY repository_full_name, DATE(deployed_at)) AS p90_seconds
    FROM `${project}.${dataset}.dora_changes`
    WHERE deployed_at IS NOT NULL AND lead_time_seconds IS NOT NULL
      AND anchored_at >= dora_days_from
      AND repository_full_name IN (SELECT repository_full_name FROM dora_touched_days)
  )
  SELECT
    repository_full_name,
    day,
    COUNT(*) AS changes,
    ANY_VALUE(median_seconds) / 3600 AS lead_time_median_hours,
    ANY_VALUE(p90_seconds) / 3600 AS lead_time_p90_hours
  FROM per_change
  GROUP BY repository_full_name, day
) AS v
JOIN dora_touched_days AS d ON d.repository_full_name = v.repository_full_name AND d.day = v.day;
