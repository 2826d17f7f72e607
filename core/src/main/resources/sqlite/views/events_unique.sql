-- SQLite twin of terraform/views/events_unique.sql: one row per delivery_id, the latest received copy.
CREATE VIEW events_unique AS
SELECT e.*
FROM events AS e
WHERE e.rowid = (
  SELECT c.rowid FROM events AS c
  WHERE c.delivery_id = e.delivery_id
  ORDER BY c.received DESC, c.signature DESC
  LIMIT 1)
