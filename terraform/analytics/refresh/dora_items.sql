-- The rows the daily DORA tables are computed from, for the repositories the window touched, each with
-- the UTC days it counts on. Taken before and after the refresh: a row that differs marks its days as
-- touched, and only those days of the daily tables are recomputed.
CREATE TEMP TABLE dora_items_${snapshot} AS
SELECT d.repository_full_name, day, TO_JSON_STRING(d) AS item
FROM `${project}.${dataset}.deployments` AS d,
  UNNEST([DATE(d.first_success_at), DATE(d.completed_at)]) AS day
WHERE d.repository_full_name IN (SELECT repository_full_name FROM affected_repositories)
  AND day IS NOT NULL
UNION ALL
SELECT c.repository_full_name, DATE(c.deployed_at) AS day, TO_JSON_STRING(c) AS item
FROM `${project}.${dataset}.dora_changes` AS c
WHERE c.repository_full_name IN (SELECT repository_full_name FROM affected_repositories)
  AND c.deployed_at IS NOT NULL
UNION ALL
-- an incident counts on the day it started and, for change failure rate, on its deployment's day
SELECT i.repository_full_name, day, TO_JSON_STRING(i) AS item
FROM `${project}.${dataset}.dora_incidents` AS i
LEFT JOIN `${project}.${dataset}.deployments` AS p
  ON p.repository_full_name = i.repository_full_name AND p.deployment_key = i.deployment_key,
  UNNEST([DATE(i.started_at), DATE(p.completed_at)]) AS day
WHERE i.repository_full_name IN (SELECT repository_full_name FROM affected_repositories)
  AND day IS NOT NULL;
