-- Whether an entry's video is hidden from the entry's user: unpublished,
-- and not theirs. A history page and its total show the visible entries
-- only; with the flag on the entry, the total counts one user's entries
-- (at most video.MaxHistory, in one index) instead of joining each of them
-- to its video.

-- No video changes publication between the backfill and the trigger
-- (instances still running the previous version keep writing).
LOCK TABLE videos IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE watch_history ADD COLUMN hidden boolean NOT NULL DEFAULT false;

UPDATE watch_history AS h SET hidden = true FROM videos AS v
WHERE v.id = h.video_id AND NOT v.published AND v.owner_id <> h.user_id;

-- The page's order with the flag last: a page and the count read the
-- flag from the index they walk.
DROP INDEX watch_history_user_watched_idx;
CREATE INDEX watch_history_user_watched_idx ON watch_history (user_id, watched_at DESC, video_id DESC, hidden);

-- Publishing or unpublishing a video flips the flag of every other user's
-- entry, in the statement that changes the video: one write per user who
-- has the video in their history, which the video_id index finds. A
-- publication change costs as many writes as the video has watchers, for
-- a history total that reads one user's index whatever their entries: the
-- change is rare, the history read on every visit. The writer holds the
-- video's row FOR UPDATE (videos.Update), and a watch takes it FOR KEY
-- SHARE before it writes its entry (history.Watch): so a watch either
-- lands before the change, whose trigger then sees its entry, or after it,
-- and sees the video as changed.
CREATE FUNCTION videos_published_history() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write fires the trigger.
    SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE watch_history SET hidden = NOT NEW.published
    WHERE video_id = NEW.id AND user_id <> NEW.owner_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER videos_published_history AFTER UPDATE OF published ON videos
FOR EACH ROW WHEN (NEW.published <> OLD.published) EXECUTE FUNCTION videos_published_history();
