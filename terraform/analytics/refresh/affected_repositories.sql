-- Repositories the window touched: every repository with a delivery in the window, and every
-- repository with a deployment of a service that an incident or a deployment report of the window
-- names (an incident reported for a service is counted against that service's repository). The DORA
-- tables and the columns aggregated from other tables are recomputed for these repositories only.
CREATE TEMP TABLE affected_repositories AS
WITH window_services AS (
  SELECT DISTINCT COALESCE(JSON_VALUE(e.payload, '$.service'), JSON_VALUE(e.payload, '$.event.data.service.summary')) AS service
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event IN ('custom_incident', 'custom_deployment', 'pagerduty')
)
SELECT DISTINCT repository_full_name
FROM (
  SELECT e.repository_full_name
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.repository_full_name IS NOT NULL
  UNION ALL
  SELECT d.repository_full_name
  FROM `${project}.${dataset}.deployments` AS d
  JOIN window_services AS w ON w.service = d.service
);
