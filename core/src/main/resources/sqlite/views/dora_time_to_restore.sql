-- SQLite twin of terraform/views/dora_time_to_restore.sql (median by linear interpolation, as
-- PERCENTILE_CONT, over the restored failures only).
CREATE VIEW dora_time_to_restore AS
WITH episodes AS (
  SELECT repository_full_name, date(started_at) AS day, restore_seconds
  FROM dora_incidents
  WHERE started_at IS NOT NULL
),
restored AS (
  SELECT
    repository_full_name,
    day,
    restore_seconds AS v,
    ROW_NUMBER() OVER (PARTITION BY repository_full_name, day ORDER BY restore_seconds) - 1 AS i,
    COUNT(*) OVER (PARTITION BY repository_full_name, day) AS n
  FROM episodes
  WHERE restore_seconds IS NOT NULL
),
medians AS (
  SELECT
    repository_full_name,
    day,
    (SUM(CASE WHEN i = CAST(0.5 * (n - 1) AS INTEGER) THEN v * (1 - (0.5 * (n - 1) - CAST(0.5 * (n - 1) AS INTEGER))) ELSE 0 END)
     + SUM(CASE WHEN i = CAST(0.5 * (n - 1) AS INTEGER) + 1 THEN v * (0.5 * (n - 1) - CAST(0.5 * (n - 1) AS INTEGER)) ELSE 0 END))
     / 3600.0 AS median_hours
  FROM restored
  GROUP BY repository_full_name, day
)
SELECT
  e.repository_full_name,
  e.day,
  COUNT(*) AS failures,
  COUNT(e.restore_seconds) AS restored,
  MAX(m.median_hours) AS time_to_restore_median_hours
FROM episodes AS e
LEFT JOIN medians AS m ON m.repository_full_name = e.repository_full_name AND m.day = e.day
GROUP BY e.repository_full_name, e.day
