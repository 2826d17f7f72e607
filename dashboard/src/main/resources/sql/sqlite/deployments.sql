-- deployments created in the range, every environment; source: github or custom (gma-event reports)
SELECT repository_full_name, deployment_key, environment, is_production, sha, creator, service, created_at, outcome,
       completed_at, duration_seconds, url, COALESCE(source, 'github') AS source
FROM deployments
WHERE created_at >= :from_day AND created_at < :to_day_exclusive
  AND {{filter}}
ORDER BY created_at DESC, repository_full_name, deployment_key
