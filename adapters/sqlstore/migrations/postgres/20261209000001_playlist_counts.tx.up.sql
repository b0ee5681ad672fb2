-- How many playlists each owner has ('playlists'), and how many of them
-- are published ('published_playlists'), in list_counts, so that a page
-- of a member's playlists, their own or their public ones, tells its total
-- without counting them. Triggers keep the counts in the transaction that
-- adds, removes or publishes a playlist, so they never disagree with the
-- playlists. No playlist comes, goes or changes its publication between
-- the backfill and the triggers: the migration waits for its lock at most
-- lock_timeout, then gives up (nothing of it stays, it is one
-- transaction) and the next start runs it again.
SET LOCAL lock_timeout = '10s';
LOCK TABLE playlists IN SHARE ROW EXCLUSIVE MODE;

WITH counts AS (
    SELECT owner_id, count(*) AS every, count(*) FILTER (WHERE published) AS published
    FROM playlists GROUP BY owner_id
)
INSERT INTO list_counts (list, subject, items)
SELECT 'playlists', owner_id, every FROM counts
UNION ALL
SELECT 'published_playlists', owner_id, published FROM counts WHERE published > 0;

-- The owner's two rows are written in one order (see list_counts_add),
-- so that two changes of playlists never wait for each other's counts in
-- opposite orders. A playlist's owner never changes.
CREATE FUNCTION playlist_counts_change() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write fires the trigger.
    SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM list_counts_add('playlists', NEW.owner_id, 1);
        IF NEW.published THEN
            PERFORM list_counts_add('published_playlists', NEW.owner_id, 1);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM list_counts_add('playlists', OLD.owner_id, -1);
        IF OLD.published THEN
            PERFORM list_counts_add('published_playlists', OLD.owner_id, -1);
        END IF;
    ELSE
        PERFORM list_counts_add('published_playlists', NEW.owner_id, CASE WHEN NEW.published THEN 1 ELSE -1 END);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER playlist_counts_change AFTER INSERT OR DELETE ON playlists
FOR EACH ROW EXECUTE FUNCTION playlist_counts_change();

-- Every edit of a playlist writes its published column: only a change of
-- it counts.
CREATE TRIGGER playlist_counts_publish AFTER UPDATE OF published ON playlists
FOR EACH ROW WHEN (OLD.published IS DISTINCT FROM NEW.published) EXECUTE FUNCTION playlist_counts_change();
