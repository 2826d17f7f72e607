SELECT status, COUNT(*) FROM leech_status WHERE processed_at >= ? GROUP BY status ORDER BY status
