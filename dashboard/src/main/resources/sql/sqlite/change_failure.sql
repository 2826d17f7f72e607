-- dora_change_failure_rate: days in the range
SELECT repository_full_name, day, deployments, failed_deployments, deployments_with_incident
FROM dora_change_failure_rate
WHERE day BETWEEN :from_day AND :to_day
  AND {{filter}}
ORDER BY day, repository_full_name
