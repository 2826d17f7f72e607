-- dora_incidents started in the range; source: github, custom (gma-event) or pagerduty
SELECT repository_full_name, kind, issue_number, incident_id, deployment_key, started_at, restored_at, restore_seconds,
       COALESCE(source, 'github') AS source
FROM dora_incidents
WHERE started_at >= :from_day AND started_at < :to_day_exclusive
  AND {{filter}}
ORDER BY started_at, repository_full_name
