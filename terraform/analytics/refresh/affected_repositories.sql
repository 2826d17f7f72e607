-- Repositories with any delivery in the window: the DORA tables and the columns aggregated from other
-- tables are recomputed for these repositories only (one column of the window's partitions is read).
CREATE TEMP TABLE affected_repositories AS
SELECT DISTINCT e.repository_full_name
FROM `${project}.${dataset}.events` AS e
WHERE e.received >= window_start AND e.repository_full_name IS NOT NULL;
