-- Oldest first, as a replay takes them.
SELECT delivery_id, event, received, repository_full_name
FROM dead_letter_events
ORDER BY received, delivery_id
LIMIT ?
