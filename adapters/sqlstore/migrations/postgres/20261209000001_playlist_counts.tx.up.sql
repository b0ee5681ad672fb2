-- How many playlists each owner has ('playlists'), and how many of them
-- are published, of each owner and of everyone (subject '')
-- ('published_playlists'), in list_counts, so that a page of playlists
-- tells its total without counting them: a member's own playlists, a
-- member's public ones, and everyone's. A trigger keeps the counts in the
-- transaction that adds, removes or publishes a playlist, so they never
-- disagree with the playlists. No playlist comes, goes or changes its
-- publication between the backfill and the trigger; the migration gives
-- up after lock_timeout rather than hold writers of playlists behind its
-- lock, and the next start runs it again.
SET LOCAL lock_timeout = '10s';
LOCK TABLE playlists IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO list_counts (list, subject, items)
SELECT 'playlists', owner_id, count(*) FROM playlists GROUP BY owner_id;
INSERT INTO list_counts (list, subject, items)
SELECT 'published_playlists', owner_id, count(*) FROM playlists WHERE published GROUP BY owner_id;
INSERT INTO list_counts (list, subject, items)
SELECT 'published_playlists', '', count(*) FROM playlists WHERE published HAVING count(*) > 0;

-- The rows are written in one order, the owner's before everyone's (see
-- list_counts_add), so that two changes of playlists never wait for each
-- other's counts in opposite orders. A playlist's owner never changes.
CREATE FUNCTION playlist_counts_change() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write fires the trigger.
    SET search_path FROM CURRENT AS $$
DECLARE
    d bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM list_counts_add('playlists', NEW.owner_id, 1);
        IF NEW.published THEN
            PERFORM list_counts_add('published_playlists', NEW.owner_id, 1);
            PERFORM list_counts_add('published_playlists', '', 1);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM list_counts_add('playlists', OLD.owner_id, -1);
        IF OLD.published THEN
            PERFORM list_counts_add('published_playlists', OLD.owner_id, -1);
            PERFORM list_counts_add('published_playlists', '', -1);
        END IF;
    ELSIF NEW.published <> OLD.published THEN
        d := CASE WHEN NEW.published THEN 1 ELSE -1 END;
        PERFORM list_counts_add('published_playlists', NEW.owner_id, d);
        PERFORM list_counts_add('published_playlists', '', d);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER playlist_counts_change AFTER INSERT OR DELETE OR UPDATE OF published ON playlists
FOR EACH ROW EXECUTE FUNCTION playlist_counts_change();
