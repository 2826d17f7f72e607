-- The (repository, day) pairs whose inputs changed in this refresh, and the oldest time the daily
-- tables' recomputation reads back to: a day's deployments were created at most one horizon before
-- it, its changes merged at most one horizon before, its incidents' deployments completed at most
-- one horizon before they started.
CREATE TEMP TABLE dora_touched_days AS
SELECT DISTINCT repository_full_name, day
FROM (
  (SELECT * FROM dora_items_before EXCEPT DISTINCT SELECT * FROM dora_items_after)
  UNION ALL
  (SELECT * FROM dora_items_after EXCEPT DISTINCT SELECT * FROM dora_items_before)
);

SET dora_days_from = (
  SELECT TIMESTAMP_SUB(TIMESTAMP(MIN(day)), INTERVAL dora_horizon_days DAY) FROM dora_touched_days);
