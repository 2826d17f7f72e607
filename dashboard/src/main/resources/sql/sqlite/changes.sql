-- dora_changes deployed in the range
SELECT repository_full_name, pull_request_number, merged_at, deployment_key, deployed_at, lead_time_seconds
FROM dora_changes
WHERE deployed_at >= :from_day AND deployed_at < :to_day_exclusive
  AND {{filter}}
ORDER BY deployed_at, repository_full_name, pull_request_number
