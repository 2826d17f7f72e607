-- SQLite twin of terraform/views/dora_deployment_frequency.sql.
CREATE VIEW dora_deployment_frequency AS
SELECT
  repository_full_name,
  date(first_success_at) AS day,
  COUNT(*) AS deployments
FROM deployments
WHERE is_production AND first_success_at IS NOT NULL
  AND unixepoch(first_success_at) < unixepoch(created_at) + 7776000 -- completed within the DORA horizon
GROUP BY repository_full_name, date(first_success_at)
