-- every repository the derived tables know
SELECT repository_full_name FROM pull_requests WHERE repository_full_name IS NOT NULL
UNION SELECT repository_full_name FROM deployments WHERE repository_full_name IS NOT NULL
UNION SELECT repository_full_name FROM workflow_runs WHERE repository_full_name IS NOT NULL
ORDER BY repository_full_name
