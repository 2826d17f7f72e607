-- The rows the daily DORA tables are computed from, each with the UTC days it counts on, taken before
-- and after the refresh changes them: the deployments the window changed, and the DORA rows the
-- refresh recomputes (anchored from dora_from on). A row that differs marks its days as touched, and
-- only those days of the daily tables are recomputed.
CREATE TEMP TABLE dora_items_${snapshot} AS
SELECT d.repository_full_name, day, TO_JSON_STRING(d) AS item
FROM `${project}.${dataset}.deployments` AS d,
  UNNEST([DATE(d.first_success_at), DATE(d.completed_at)]) AS day
WHERE (d.created_at >= deployments_from OR d.created_at IS NULL)
  AND EXISTS (
    SELECT 1
    FROM (
      SELECT repository_full_name, deployment_key FROM deployments_changes
      UNION ALL
      SELECT repository_full_name, deployment_key FROM deployment_reports_changes) AS c
    WHERE c.repository_full_name = d.repository_full_name AND c.deployment_key = d.deployment_key)
  AND day IS NOT NULL
UNION ALL
SELECT c.repository_full_name, DATE(c.deployed_at) AS day, TO_JSON_STRING(c) AS item
FROM `${project}.${dataset}.dora_changes` AS c
WHERE c.anchored_at >= dora_from AND c.deployed_at IS NOT NULL
UNION ALL
-- an incident counts on the day it started and, for change failure rate, on its deployment's day
SELECT i.repository_full_name, day, TO_JSON_STRING(i) AS item
FROM `${project}.${dataset}.dora_incidents` AS i
LEFT JOIN `${project}.${dataset}.deployments` AS p
  ON p.repository_full_name = i.repository_full_name AND p.deployment_key = i.deployment_key
  AND p.created_at >= dora_deployments_from,
  UNNEST([DATE(i.started_at), DATE(p.completed_at)]) AS day
WHERE i.started_at >= dora_from AND day IS NOT NULL;
