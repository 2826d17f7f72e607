SELECT COUNT(*) FROM failure_events WHERE created >= ?
