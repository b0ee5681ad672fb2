-- The mark of the public videos' state as a search sees it, so that a
-- server can keep a search's count and know when it no longer holds:
-- video_counts.search_gen, on the totals' row (owner ''), takes a new
-- random value whenever a published video comes, goes, or changes its
-- searched text or upload time. A count made in the same statement as
-- the mark was read holds as long as the mark reads the same, on every
-- server sharing the database. The value is random rather than a count,
-- so that it does not come back once the table is emptied and filled
-- again. 0 is the mark of a database that has held no published video
-- since its totals' row was written.
--
-- The triggers' names sort after video_counts_change and
-- video_feed_change, which PostgreSQL fires first: a write that changes
-- what is published has taken the totals' row by then, and a change of
-- text alone takes that row and no other, so no two writes wait for each
-- other's rows in opposite orders. Such an edit of a published video
-- therefore waits for the site's uploads and publications, as they wait
-- for each other.
--
-- No video changes between the backfill and the triggers: the migration
-- waits for its locks at most lock_timeout, then gives up (nothing of it
-- stays, it is one transaction) and the next start runs it again.
SET LOCAL lock_timeout = '10s';
LOCK TABLE videos IN SHARE ROW EXCLUSIVE MODE;

-- A new mark: a random value (random() has 52 random bits on PostgreSQL
-- 15, 48 before), never 0. The body is a string, which PostgreSQL 12 and
-- 13 take, where a RETURN clause needs 14.
CREATE FUNCTION video_search_mark() RETURNS bigint LANGUAGE sql VOLATILE
    AS $$ SELECT 1 + floor(random() * 9.2e18)::bigint $$;

ALTER TABLE video_counts ADD COLUMN search_gen bigint NOT NULL DEFAULT 0;
UPDATE video_counts SET search_gen = video_search_mark() WHERE owner_id = '';

CREATE FUNCTION video_search_change() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write fires the trigger.
    SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- A plain update: the row exists since the video's insert, and a
        -- statement that empties video_counts along with videos must not
        -- bring it back.
        UPDATE video_counts SET search_gen = video_search_mark() WHERE owner_id = '';
    ELSE
        INSERT INTO video_counts (owner_id, search_gen) VALUES ('', video_search_mark())
        ON CONFLICT (owner_id) DO UPDATE SET search_gen = excluded.search_gen;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER video_search_insert AFTER INSERT ON videos
FOR EACH ROW WHEN (NEW.published) EXECUTE FUNCTION video_search_change();
CREATE TRIGGER video_search_delete AFTER DELETE ON videos
FOR EACH ROW WHEN (OLD.published) EXECUTE FUNCTION video_search_change();
CREATE TRIGGER video_search_update AFTER UPDATE OF published, search_text, created_at ON videos
FOR EACH ROW WHEN ((OLD.published OR NEW.published) AND (
    OLD.published <> NEW.published OR OLD.search_text IS DISTINCT FROM NEW.search_text
    OR OLD.created_at IS DISTINCT FROM NEW.created_at
)) EXECUTE FUNCTION video_search_change();
