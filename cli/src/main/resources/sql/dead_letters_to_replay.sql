-- The dead letters a replay takes: oldest first, all or one delivery id (?2 NULL for all).
SELECT rowid, delivery_id, received
FROM dead_letter_events
WHERE ?2 IS NULL OR delivery_id = ?2
ORDER BY received, delivery_id
LIMIT ?1
