-- workflow_run_deliveries (internal): which run attempt each workflow_run delivery is about, so that
-- leech_status rows (keyed by delivery_id) reach their run, and the partition its row lies in
-- (run_created_at), without reading old events again.
MERGE `${project}.${dataset}.workflow_run_deliveries` AS t
USING (
  SELECT
    e.delivery_id,
    e.repository_full_name,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_run.id') AS INT64) AS workflow_run_id,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_run.run_attempt') AS INT64) AS run_attempt,
    e.received AS first_received,
    SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_run.created_at') AS TIMESTAMP) AS run_created_at
  FROM `${project}.${dataset}.events` AS e
  WHERE e.received >= window_start AND e.event = 'workflow_run'
    AND e.repository_full_name IS NOT NULL
    AND SAFE_CAST(JSON_VALUE(e.payload, '$.workflow_run.id') AS INT64) IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (PARTITION BY e.delivery_id ORDER BY e.received) = 1
) AS s
ON t.delivery_id = s.delivery_id AND t.first_received >= redelivery_from
WHEN MATCHED AND s.first_received < t.first_received THEN UPDATE SET ${update_all_columns}
WHEN NOT MATCHED THEN INSERT ROW;
