-- Is this delivery already in events? A copy is never older than the dead letter (bounded on received).
SELECT 1 FROM events WHERE delivery_id = ? AND received >= ? LIMIT 1
