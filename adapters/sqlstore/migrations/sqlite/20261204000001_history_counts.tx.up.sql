-- How many entries of each user's history are visible to them (hidden =
-- 0), in list_counts under the list 'history': a history page tells its
-- total without counting the user's entries. Triggers keep the count in
-- the transaction that adds, removes, hides or shows an entry. Every user
-- with entries has a row, hidden entries alone included, as in
-- PostgreSQL, where the writers lock the rows before they change entries.
INSERT INTO list_counts (list, subject, items)
SELECT 'history', user_id, count(*) FILTER (WHERE hidden = 0) FROM watch_history GROUP BY user_id;

CREATE TRIGGER history_counts_insert AFTER INSERT ON watch_history
BEGIN
    INSERT INTO list_counts (list, subject, items)
    VALUES ('history', NEW.user_id, CASE WHEN NEW.hidden THEN 0 ELSE 1 END)
    ON CONFLICT (list, subject) DO UPDATE SET items = items + excluded.items;
END;

CREATE TRIGGER history_counts_delete AFTER DELETE ON watch_history
WHEN NOT OLD.hidden
BEGIN
    UPDATE list_counts SET items = items - 1 WHERE list = 'history' AND subject = OLD.user_id;
END;

-- An update counts only when it flips the flag; the row exists since the
-- entry's insert.
CREATE TRIGGER history_counts_flip AFTER UPDATE OF hidden ON watch_history
WHEN NEW.hidden <> OLD.hidden
BEGIN
    UPDATE list_counts SET items = items + CASE WHEN NEW.hidden THEN -1 ELSE 1 END
    WHERE list = 'history' AND subject = NEW.user_id;
END;

-- A deleted account's count goes with it.
CREATE TRIGGER list_counts_user_delete AFTER DELETE ON users
BEGIN
    DELETE FROM list_counts WHERE list = 'history' AND subject = OLD.id;
END;
