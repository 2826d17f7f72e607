-- deployments created in the range, every environment; no source column yet: GitHub is the only source
SELECT repository_full_name, deployment_id, environment, is_production, sha, creator, created_at, outcome,
       completed_at, duration_seconds, 'github' AS source
FROM deployments
WHERE created_at >= :from_day AND created_at < :to_day_exclusive
  AND {{filter}}
ORDER BY created_at DESC, repository_full_name, deployment_id
