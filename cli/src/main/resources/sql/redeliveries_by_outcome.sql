SELECT outcome, COUNT(*) FROM redeliveries WHERE attempted_at >= ? GROUP BY outcome ORDER BY outcome
