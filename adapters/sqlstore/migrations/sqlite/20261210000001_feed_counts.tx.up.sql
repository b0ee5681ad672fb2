-- A member's subscription feed, kept so that its first pages cost the same
-- whatever the member follows and the site holds:
--
-- - each follow carries the followed owner's latest published video
--   (owner_latest_at, owner_latest_id: its upload time and id, NULL when
--   the owner has none), and follows_feed_idx orders a member's follows by
--   it. The feed's first n videos are all by the first n owners in that
--   order: each of those has a video newer than any of a later owner's.
-- - ('feed', member) in list_counts is how many published videos the
--   owners the member follows have: the feed's total.
--
-- Triggers keep both in the statement that publishes, unpublishes or
-- deletes a video, or follows or unfollows an owner.
ALTER TABLE follows ADD COLUMN owner_latest_at INTEGER;
ALTER TABLE follows ADD COLUMN owner_latest_id TEXT;

UPDATE follows SET (owner_latest_at, owner_latest_id) = (
    SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = follows.following_id AND v.published
    ORDER BY v.created_at DESC, v.id DESC LIMIT 1
);

INSERT INTO list_counts (list, subject, items)
SELECT 'feed', f.follower_id, sum(c.published) FROM follows AS f JOIN video_counts AS c ON c.owner_id = f.following_id
GROUP BY f.follower_id HAVING sum(c.published) > 0;

-- The feed's owners, latest first; the followed owner's id is in the key
-- so that the walk reads no follow row.
CREATE INDEX follows_feed_idx ON follows (follower_id, owner_latest_at, owner_latest_id, following_id)
WHERE owner_latest_at IS NOT NULL;

-- A published video comes: its owner's followers count one more, and
-- their follows of the owner carry it if it is the owner's latest.
CREATE TRIGGER feed_video_insert AFTER INSERT ON videos
WHEN NEW.published
BEGIN
    UPDATE follows SET owner_latest_at = NEW.created_at, owner_latest_id = NEW.id
    WHERE following_id = NEW.owner_id
      AND (owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id));
    -- The WHERE tells SQLite's parser where the SELECT ends and the
    -- upsert begins.
    INSERT INTO list_counts (list, subject, items) SELECT 'feed', follower_id, 1 FROM follows WHERE following_id = NEW.owner_id
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
END;

CREATE TRIGGER feed_video_publish AFTER UPDATE OF published ON videos
WHEN NEW.published AND NOT OLD.published
BEGIN
    UPDATE follows SET owner_latest_at = NEW.created_at, owner_latest_id = NEW.id
    WHERE following_id = NEW.owner_id
      AND (owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id));
    INSERT INTO list_counts (list, subject, items) SELECT 'feed', follower_id, 1 FROM follows WHERE following_id = NEW.owner_id
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
END;

-- A published video goes: its owner's followers count one less, and
-- those whose follows carried it carry the owner's next latest, or none (a
-- sub-select with no row assigns NULLs).
CREATE TRIGGER feed_video_unpublish AFTER UPDATE OF published ON videos
WHEN OLD.published AND NOT NEW.published
BEGIN
    UPDATE follows SET (owner_latest_at, owner_latest_id) = (
        SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = OLD.owner_id AND v.published
        ORDER BY v.created_at DESC, v.id DESC LIMIT 1
    )
    WHERE following_id = OLD.owner_id AND owner_latest_id = OLD.id;
    UPDATE list_counts SET items = items - 1
    WHERE list = 'feed' AND subject IN (SELECT follower_id FROM follows WHERE following_id = OLD.owner_id);
END;

CREATE TRIGGER feed_video_delete AFTER DELETE ON videos
WHEN OLD.published
BEGIN
    UPDATE follows SET (owner_latest_at, owner_latest_id) = (
        SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = OLD.owner_id AND v.published
        ORDER BY v.created_at DESC, v.id DESC LIMIT 1
    )
    WHERE following_id = OLD.owner_id AND owner_latest_id = OLD.id;
    UPDATE list_counts SET items = items - 1
    WHERE list = 'feed' AND subject IN (SELECT follower_id FROM follows WHERE following_id = OLD.owner_id);
END;

-- A follow carries the owner's latest video from its start, and adds the
-- owner's published videos to the follower's total; an unfollow takes
-- them off.
CREATE TRIGGER feed_follow_insert AFTER INSERT ON follows
BEGIN
    UPDATE follows SET (owner_latest_at, owner_latest_id) = (
        SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = NEW.following_id AND v.published
        ORDER BY v.created_at DESC, v.id DESC LIMIT 1
    )
    WHERE id = NEW.id;
    INSERT INTO list_counts (list, subject, items)
    SELECT 'feed', NEW.follower_id, c.published FROM video_counts AS c WHERE c.owner_id = NEW.following_id AND c.published > 0
    ON CONFLICT (list, subject) DO UPDATE SET items = items + excluded.items;
END;

CREATE TRIGGER feed_follow_delete AFTER DELETE ON follows
BEGIN
    UPDATE list_counts SET items = items - coalesce((SELECT c.published FROM video_counts AS c WHERE c.owner_id = OLD.following_id), 0)
    WHERE list = 'feed' AND subject = OLD.follower_id;
END;
