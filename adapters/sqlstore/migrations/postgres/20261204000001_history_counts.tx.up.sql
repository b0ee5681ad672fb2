-- How many entries of each user's history are visible to them (hidden =
-- false), in list_counts under the list 'history': a history page tells
-- its total without counting the user's entries, which a view route
-- rewrites often enough that counting them walks dead row versions until
-- a vacuum. Triggers keep the count in the transaction that adds, removes,
-- hides or shows an entry. No entry changes between the backfill and the
-- triggers (instances still running the previous version keep writing).
LOCK TABLE watch_history, videos IN SHARE ROW EXCLUSIVE MODE;

-- Every user with entries has a row, hidden entries alone included, so
-- that the writers below can lock the counts they are about to change
-- before they change any entry.
INSERT INTO list_counts (list, subject, items)
SELECT 'history', user_id, count(*) FILTER (WHERE NOT hidden) FROM watch_history GROUP BY user_id;

-- An entry counts while it is not hidden. An update counts only when it
-- flips the flag (see the trigger's WHEN). A new entry writes its user's
-- count even when hidden, so that the row exists (see above) and is
-- locked before the cap (trigger watch_history_cap, which fires after
-- this one by name) deletes older entries.
CREATE FUNCTION history_counts_change() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write calls it.
    SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO list_counts (list, subject, items)
        VALUES ('history', NEW.user_id, CASE WHEN NEW.hidden THEN 0 ELSE 1 END)
        ON CONFLICT (list, subject) DO UPDATE SET items = list_counts.items + excluded.items;
    ELSIF TG_OP = 'DELETE' THEN
        IF NOT OLD.hidden THEN
            PERFORM list_counts_add('history', OLD.user_id, -1);
        END IF;
    ELSIF NEW.hidden THEN
        PERFORM list_counts_add('history', NEW.user_id, -1);
    ELSE
        PERFORM list_counts_add('history', NEW.user_id, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER history_counts_change AFTER INSERT OR DELETE ON watch_history
FOR EACH ROW EXECUTE FUNCTION history_counts_change();
CREATE TRIGGER history_counts_flip AFTER UPDATE OF hidden ON watch_history
FOR EACH ROW WHEN (NEW.hidden <> OLD.hidden) EXECUTE FUNCTION history_counts_change();

-- A change of a video's publication flips the entries of every user who
-- watched it, each flip writing that user's count. Two such changes, or
-- one and the removal of a video's entries (history.RemoveVideo), could
-- take the same users' counts in opposite orders, and a user's own
-- removals (history.Remove, Clear) lock their entries before their
-- count: every writer of the counts locks them first, in the order of the
-- users' ids, before it locks any entry.
CREATE OR REPLACE FUNCTION videos_published_history() RETURNS trigger LANGUAGE plpgsql
    -- As above.
    SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM 1 FROM list_counts
    WHERE list = 'history' AND subject IN (
        SELECT user_id FROM watch_history WHERE video_id = NEW.id AND user_id <> NEW.owner_id
    )
    ORDER BY subject FOR UPDATE;
    UPDATE watch_history SET hidden = NOT NEW.published
    WHERE video_id = NEW.id AND user_id <> NEW.owner_id;
    RETURN NULL;
END;
$$;

-- A deleted account's count goes with it (its entries are deleted by the
-- cascade, whose decrements then find no row).
CREATE TRIGGER list_counts_forget_history AFTER DELETE ON users
FOR EACH ROW EXECUTE FUNCTION list_counts_forget('history');
