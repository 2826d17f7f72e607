-- dora_deployment_frequency: days in the range (partitioned on day)
SELECT repository_full_name, day, deployments
FROM `{{dataset}}.dora_deployment_frequency`
WHERE day BETWEEN @from_day AND @to_day
  AND {{filter}}
ORDER BY day, repository_full_name
