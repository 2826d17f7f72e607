-- dora_incidents started in the range; the tables have no source column yet: GitHub is the only source
SELECT repository_full_name, kind, issue_number, deployment_id, started_at, restored_at, restore_seconds,
       'github' AS source
FROM dora_incidents
WHERE started_at >= :from_day AND started_at < :to_day_exclusive
  AND {{filter}}
ORDER BY started_at, repository_full_name
