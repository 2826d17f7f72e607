-- dora_deployment_frequency: per repository and UTC day, how many production-like deployments succeeded
-- (each deployment counted once, on the day of its first success status). Days without one have no row.
-- Only the (repository, day) pairs whose inputs changed in this refresh are recomputed.
DELETE FROM `${project}.${dataset}.dora_deployment_frequency` AS t
WHERE t.day >= DATE(dora_days_from) AND EXISTS (
  SELECT 1 FROM dora_touched_days AS d
  WHERE d.repository_full_name = t.repository_full_name AND d.day = t.day);

INSERT INTO `${project}.${dataset}.dora_deployment_frequency`
SELECT v.*
FROM (
  SELECT
    repository_full_name,
    DATE(first_success_at) AS day,
    COUNT(*) AS deployments
  FROM `${project}.${dataset}.deployments`
  WHERE is_production AND first_success_at IS NOT NULL
    AND created_at >= dora_days_from
    AND first_success_at < TIMESTAMP_ADD(created_at, INTERVAL dora_horizon_days DAY)
    AND repository_full_name IN (SELECT repository_full_name FROM dora_touched_days)
  GROUP BY repository_full_name, day
) AS v
JOIN dora_touched_days AS d ON d.repository_full_name = v.repository_full_name AND d.day = v.day;
