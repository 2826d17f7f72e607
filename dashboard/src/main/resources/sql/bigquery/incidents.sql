-- dora_incidents started in the range (partitioned on started_at); source: github, custom (gma-event) or pagerduty
SELECT repository_full_name, kind, issue_number, incident_id, deployment_key, started_at, restored_at, restore_seconds,
       COALESCE(source, 'github') AS source
FROM `{{dataset}}.dora_incidents`
WHERE started_at >= @from_ts AND started_at < @to_ts
  AND {{filter}}
ORDER BY started_at, repository_full_name
