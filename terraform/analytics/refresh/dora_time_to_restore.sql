-- dora_time_to_restore: per repository and UTC day a production failure started (incident opened or
-- deployment failed), how many failures, how many are restored, and the median time to restore in hours.
-- Only the (repository, day) pairs whose inputs changed in this refresh are recomputed.
DELETE FROM `${project}.${dataset}.dora_time_to_restore` AS t
WHERE t.day >= DATE(dora_days_from) AND EXISTS (
  SELECT 1 FROM dora_touched_days AS d
  WHERE d.repository_full_name = t.repository_full_name AND d.day = t.day);

INSERT INTO `${project}.${dataset}.dora_time_to_restore`
SELECT v.*
FROM (
  WITH episodes AS (
    SELECT
      repository_full_name,
      DATE(started_at) AS day,
      restore_seconds,
      PERCENTILE_CONT(restore_seconds, 0.5) OVER (PARTITION BY repository_full_name, DATE(started_at)) AS median_seconds
    FROM `${project}.${dataset}.dora_incidents`
    WHERE started_at >= dora_days_from
      AND repository_full_name IN (SELECT repository_full_name FROM dora_touched_days)
  )
  SELECT
    repository_full_name,
    day,
    COUNT(*) AS failures,
    COUNT(restore_seconds) AS restored,
    ANY_VALUE(median_seconds) / 3600 AS time_to_restore_median_hours
  FROM episodes
  GROUP BY repository_full_name, day
) AS v
JOIN dora_touched_days AS d ON d.repository_full_name = v.repository_full_name AND d.day = v.day;
