DROP TRIGGER watch_history_cap ON watch_history;
DROP FUNCTION watch_history_cap();
