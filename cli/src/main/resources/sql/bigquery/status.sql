-- gma status in GCP mode: the last 24 h in one query (every read bounded by its partition column).
SELECT 'events' AS section, event AS name, COUNT(DISTINCT delivery_id) AS n
FROM `${project}.${dataset}.events`
WHERE received >= @since
GROUP BY event
UNION ALL
SELECT 'publish_failures', '', COUNT(*)
FROM `${project}.${dataset}.failure_events`
WHERE created >= @since
UNION ALL
SELECT 'redeliveries', outcome, COUNT(*)
FROM `${project}.${dataset}.redeliveries`
WHERE attempted_at >= @since
GROUP BY outcome
UNION ALL
SELECT 'leech', status, COUNT(*)
FROM `${project}.${dataset}.leech_status`
WHERE processed_at >= @since
GROUP BY status
UNION ALL
SELECT 'checkpoint', CONCAT(delivery_id, ' at ', FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', created, 'UTC')), 0
FROM (
  SELECT delivery_id, created
  FROM `${project}.${dataset}.checkpoint`
  WHERE created >= @checkpoint_since
  ORDER BY created DESC
  LIMIT 1
)
