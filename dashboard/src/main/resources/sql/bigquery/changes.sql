-- dora_changes deployed in the range; merged_at (the partition column) is before deployed_at,
-- so its upper bound prunes the partitions after the range (reported direct pushes have no merge:
-- they are in the NULL partition).
SELECT repository_full_name, pull_request_number, merged_at, deployment_key, deployed_at, lead_time_seconds
FROM `{{dataset}}.dora_changes`
WHERE deployed_at >= @from_ts AND deployed_at < @to_ts
  AND (merged_at < @to_ts OR merged_at IS NULL)
  AND {{filter}}
ORDER BY deployed_at, repository_full_name, pull_request_number
