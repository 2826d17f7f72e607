SELECT COUNT(*) FROM dead_letter_events
