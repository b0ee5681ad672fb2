-- Whether an entry's video is hidden from the entry's user: unpublished,
-- and not theirs. A history page and its total show the visible entries
-- only; with the flag on the entry, the total counts one user's entries
-- (at most video.MaxHistory, in one index) instead of joining each of them
-- to its video.
ALTER TABLE watch_history ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;

UPDATE watch_history SET hidden = 1 WHERE EXISTS (
    SELECT 1 FROM videos AS v
    WHERE v.id = watch_history.video_id AND v.published = 0 AND v.owner_id <> watch_history.user_id
);

-- The page's order with the flag last: a page and the count read the
-- flag from the index they walk.
DROP INDEX watch_history_user_watched_idx;
CREATE INDEX watch_history_user_watched_idx ON watch_history (user_id, watched_at DESC, video_id DESC, hidden);

-- Publishing or unpublishing a video flips the flag of every other user's
-- entry, in the statement that changes the video: one write per user who
-- has the video in their history, which the video_id index finds. A
-- publication change costs as many writes as the video has watchers, for
-- a history total that reads one user's index whatever their entries: the
-- change is rare, the history read on every visit (SQLite runs one writer
-- at a time, so no watch lands in between).
CREATE TRIGGER videos_published_history AFTER UPDATE OF published ON videos
WHEN NEW.published <> OLD.published
BEGIN
    UPDATE watch_history SET hidden = NOT NEW.published
    WHERE video_id = NEW.id AND user_id <> NEW.owner_id;
END;
