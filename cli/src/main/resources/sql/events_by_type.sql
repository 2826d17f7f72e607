-- Distinct deliveries per event type received since ? (bounded on received: never all of history).
SELECT event, COUNT(DISTINCT delivery_id) AS deliveries
FROM events
WHERE received >= ?
GROUP BY event
ORDER BY event
