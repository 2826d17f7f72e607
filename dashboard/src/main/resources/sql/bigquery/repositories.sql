-- every repository the derived tables know (reads one clustered column of three tables)
SELECT repository_full_name FROM `{{dataset}}.pull_requests` WHERE repository_full_name IS NOT NULL
UNION DISTINCT SELECT repository_full_name FROM `{{dataset}}.deployments` WHERE repository_full_name IS NOT NULL
UNION DISTINCT SELECT repository_full_name FROM `{{dataset}}.workflow_runs` WHERE repository_full_name IS NOT NULL
ORDER BY repository_full_name
