-- SQLite twin of terraform/views/dora_deployment_frequency.sql.
CREATE VIEW dora_deployment_frequency AS
SELECT
  repository_full_name,
  date(first_success_at) AS day,
  COUNT(*) AS deployments
FROM deployments
WHERE is_production AND first_success_at IS NOT NULL
GROUP BY repository_full_name, date(first_success_at)
