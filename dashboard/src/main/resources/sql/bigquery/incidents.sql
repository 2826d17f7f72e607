-- dora_incidents started in the range (partitioned on started_at); no source column yet: GitHub is the only source
SELECT repository_full_name, kind, issue_number, deployment_id, started_at, restored_at, restore_seconds,
       'github' AS source
FROM `{{dataset}}.dora_incidents`
WHERE started_at >= @from_ts AND started_at < @to_ts
  AND {{filter}}
ORDER BY started_at, repository_full_name
