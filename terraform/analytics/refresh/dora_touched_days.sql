-- The (repository, day) pairs whose inputs changed in this refresh.
CREATE TEMP TABLE dora_touched_days AS
SELECT DISTINCT repository_full_name, day
FROM (
  (SELECT * FROM dora_items_before EXCEPT DISTINCT SELECT * FROM dora_items_after)
  UNION ALL
  (SELECT * FROM dora_items_after EXCEPT DISTINCT SELECT * FROM dora_items_before)
);
