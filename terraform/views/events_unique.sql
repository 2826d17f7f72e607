-- events_unique: one row per delivery_id, the latest received copy.
-- GitHub redeliveries and Pub/Sub redeliveries share the X-GitHub-Delivery GUID; every other view reads this one.
SELECT * EXCEPT (copy_rank)
FROM (
  SELECT
    e.*,
    ROW_NUMBER() OVER (PARTITION BY e.delivery_id ORDER BY e.received DESC, e.signature DESC) AS copy_rank
  FROM `${project}.${dataset}.events` AS e
)
WHERE copy_rank = 1
