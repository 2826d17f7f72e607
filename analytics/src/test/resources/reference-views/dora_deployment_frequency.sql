-- dora_deployment_frequency: per repository and UTC day, how many production-like deployments succeeded
-- (each deployment counted once, on the day of its first success status). Days without one have no row.
SELECT
  repository_full_name,
  DATE(first_success_at) AS day,
  COUNT(*) AS deployments
FROM `${project}.${dataset}.deployments`
WHERE is_production AND first_success_at IS NOT NULL
GROUP BY repository_full_name, day
