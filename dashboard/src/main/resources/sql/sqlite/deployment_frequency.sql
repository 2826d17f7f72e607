-- dora_deployment_frequency: days in the range
SELECT repository_full_name, day, deployments
FROM dora_deployment_frequency
WHERE day BETWEEN :from_day AND :to_day
  AND {{filter}}
ORDER BY day, repository_full_name
