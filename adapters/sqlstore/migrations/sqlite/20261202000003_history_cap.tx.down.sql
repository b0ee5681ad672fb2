DROP TRIGGER watch_history_cap;
