-- the repository-to-team mapping (terraform/dashboard/teams.json)
SELECT team, repository_full_name
FROM `{{teams_table}}`
WHERE team IS NOT NULL AND repository_full_name IS NOT NULL
ORDER BY team, repository_full_name
