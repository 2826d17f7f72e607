SELECT delivery_id, created FROM checkpoint ORDER BY created DESC LIMIT 1
