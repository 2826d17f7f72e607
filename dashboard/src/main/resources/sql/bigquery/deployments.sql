-- deployments created in the range (partitioned on created_at), every environment; no source column yet
SELECT repository_full_name, deployment_id, environment, is_production, sha, creator, created_at, outcome,
       completed_at, duration_seconds, 'github' AS source
FROM `{{dataset}}.deployments`
WHERE created_at >= @from_ts AND created_at < @to_ts
  AND {{filter}}
ORDER BY created_at DESC, repository_full_name, deployment_id
