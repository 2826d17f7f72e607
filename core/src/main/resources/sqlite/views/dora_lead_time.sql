-- SQLite twin of terraform/views/dora_lead_time.sql. SQLite has no PERCENTILE_CONT: the same linear
-- interpolation is computed from each value's rank i (0-based) among n: position p * (n - 1).
CREATE VIEW dora_lead_time AS
WITH per_change AS (
  SELECT
    repository_full_name,
    date(deployed_at) AS day,
    lead_time_seconds AS v,
    ROW_NUMBER() OVER (PARTITION BY repository_full_name, date(deployed_at) ORDER BY lead_time_seconds) - 1 AS i,
    COUNT(*) OVER (PARTITION BY repository_full_name, date(deployed_at)) AS n
  FROM dora_changes
  WHERE deployed_at IS NOT NULL AND lead_time_seconds IS NOT NULL
)
SELECT
  repository_full_name,
  day,
  COUNT(*) AS changes,
  (SUM(CASE WHEN i = CAST(0.5 * (n - 1) AS INTEGER) THEN v * (1 - (0.5 * (n - 1) - CAST(0.5 * (n - 1) AS INTEGER))) ELSE 0 END)
   + SUM(CASE WHEN i = CAST(0.5 * (n - 1) AS INTEGER) + 1 THEN v * (0.5 * (n - 1) - CAST(0.5 * (n - 1) AS INTEGER)) ELSE 0 END))
   / 3600.0 AS lead_time_median_hours,
  (SUM(CASE WHEN i = CAST(0.9 * (n - 1) AS INTEGER) THEN v * (1 - (0.9 * (n - 1) - CAST(0.9 * (n - 1) AS INTEGER))) ELSE 0 END)
   + SUM(CASE WHEN i = CAST(0.9 * (n - 1) AS INTEGER) + 1 THEN v * (0.9 * (n - 1) - CAST(0.9 * (n - 1) AS INTEGER)) ELSE 0 END))
   / 3600.0 AS lead_time_p90_hours
FROM per_change
GROUP BY repository_full_name, day
