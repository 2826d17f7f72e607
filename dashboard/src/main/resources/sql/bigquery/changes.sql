-- dora_changes deployed in the range; merged_at (the partition column) is before deployed_at,
-- so its upper bound prunes the partitions after the range.
SELECT repository_full_name, pull_request_number, merged_at, deployment_key, deployed_at, lead_time_seconds
FROM `{{dataset}}.dora_changes`
WHERE deployed_at >= @from_ts AND deployed_at < @to_ts
  AND merged_at < @to_ts
  AND {{filter}}
ORDER BY deployed_at, repository_full_name, pull_request_number
