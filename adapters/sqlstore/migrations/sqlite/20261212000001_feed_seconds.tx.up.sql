-- Each follow carries the followed owner's second-latest published video
-- as well (owner_second_at, owner_second_id: NULL when the owner has
-- fewer than two), beside the latest (migration feed_counts), so that a
-- feed's first page can often be read from the follows alone: when none
-- of the follower's first n owners (latest first) has a second video as
-- new as the n-th owner's latest, the feed's first n videos are those
-- owners' latest ones (see latestWindow in the store). follows_feed_idx
-- carries the second video too, so that the follows' rows are not read.
--
-- The triggers of migration feed_counts keep both, in the statement that
-- changes a video or a follow: a publication moves the latest to second
-- place, or takes second place itself; the loss of either video reads
-- the owner's two latest again.
ALTER TABLE follows ADD COLUMN owner_second_at INTEGER;
ALTER TABLE follows ADD COLUMN owner_second_id TEXT;

UPDATE follows SET (owner_second_at, owner_second_id) = (
    SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = follows.following_id AND v.published
    ORDER BY v.created_at DESC, v.id DESC LIMIT 1 OFFSET 1
);

DROP INDEX follows_feed_idx;
CREATE INDEX follows_feed_idx ON follows (follower_id, owner_latest_at, owner_latest_id, following_id, owner_second_at, owner_second_id)
WHERE owner_latest_at IS NOT NULL;

DROP TRIGGER feed_video_insert;
DROP TRIGGER feed_video_publish;
DROP TRIGGER feed_video_unpublish;
DROP TRIGGER feed_video_delete;
DROP TRIGGER feed_follow_insert;

-- A published video comes: it is the owner's latest (the latest becomes
-- second), or second, or neither. Each expression reads the row as it
-- was.
CREATE TRIGGER feed_video_insert AFTER INSERT ON videos
WHEN NEW.published
BEGIN
    UPDATE follows SET
        owner_second_at = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id) THEN owner_latest_at ELSE NEW.created_at END,
        owner_second_id = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id) THEN owner_latest_id ELSE NEW.id END,
        owner_latest_at = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id) THEN NEW.created_at ELSE owner_latest_at END,
        owner_latest_id = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id) THEN NEW.id ELSE owner_latest_id END
    WHERE following_id = NEW.owner_id
      AND (owner_second_at IS NULL OR (owner_second_at, owner_second_id) < (NEW.created_at, NEW.id));
    INSERT INTO list_counts (list, subject, items) SELECT 'feed', follower_id, 1 FROM follows WHERE following_id = NEW.owner_id
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
END;

CREATE TRIGGER feed_video_publish AFTER UPDATE OF published ON videos
WHEN NEW.published AND NOT OLD.published
BEGIN
    UPDATE follows SET
        owner_second_at = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id) THEN owner_latest_at ELSE NEW.created_at END,
        owner_second_id = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id) THEN owner_latest_id ELSE NEW.id END,
        owner_latest_at = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id) THEN NEW.created_at ELSE owner_latest_at END,
        owner_latest_id = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id) THEN NEW.id ELSE owner_latest_id END
    WHERE following_id = NEW.owner_id
      AND (owner_second_at IS NULL OR (owner_second_at, owner_second_id) < (NEW.created_at, NEW.id));
    INSERT INTO list_counts (list, subject, items) SELECT 'feed', follower_id, 1 FROM follows WHERE following_id = NEW.owner_id
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
END;

-- A published video goes: the follows that carried it, as the latest or
-- second, carry the owner's two latest again, or fewer (a sub-select with
-- no row assigns NULLs).
CREATE TRIGGER feed_video_unpublish AFTER UPDATE OF published ON videos
WHEN OLD.published AND NOT NEW.published
BEGIN
    UPDATE follows SET (owner_latest_at, owner_latest_id) = (
        SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = OLD.owner_id AND v.published
        ORDER BY v.created_at DESC, v.id DESC LIMIT 1
    ), (owner_second_at, owner_second_id) = (
        SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = OLD.owner_id AND v.published
        ORDER BY v.created_at DESC, v.id DESC LIMIT 1 OFFSET 1
    )
    WHERE following_id = OLD.owner_id AND (owner_latest_id = OLD.id OR owner_second_id = OLD.id);
    UPDATE list_counts SET items = items - 1
    WHERE list = 'feed' AND subject IN (SELECT follower_id FROM follows WHERE following_id = OLD.owner_id);
END;

CREATE TRIGGER feed_video_delete AFTER DELETE ON videos
WHEN OLD.published
BEGIN
    UPDATE follows SET (owner_latest_at, owner_latest_id) = (
        SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = OLD.owner_id AND v.published
        ORDER BY v.created_at DESC, v.id DESC LIMIT 1
    ), (owner_second_at, owner_second_id) = (
        SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = OLD.owner_id AND v.published
        ORDER BY v.created_at DESC, v.id DESC LIMIT 1 OFFSET 1
    )
    WHERE following_id = OLD.owner_id AND (owner_latest_id = OLD.id OR owner_second_id = OLD.id);
    UPDATE list_counts SET items = items - 1
    WHERE list = 'feed' AND subject IN (SELECT follower_id FROM follows WHERE following_id = OLD.owner_id);
END;

-- A follow carries the owner's two latest videos from its start.
CREATE TRIGGER feed_follow_insert AFTER INSERT ON follows
BEGIN
    UPDATE follows SET (owner_latest_at, owner_latest_id) = (
        SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = NEW.following_id AND v.published
        ORDER BY v.created_at DESC, v.id DESC LIMIT 1
    ), (owner_second_at, owner_second_id) = (
        SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = NEW.following_id AND v.published
        ORDER BY v.created_at DESC, v.id DESC LIMIT 1 OFFSET 1
    )
    WHERE id = NEW.id;
    INSERT INTO list_counts (list, subject, items)
    SELECT 'feed', NEW.follower_id, c.published FROM video_counts AS c WHERE c.owner_id = NEW.following_id AND c.published > 0
    ON CONFLICT (list, subject) DO UPDATE SET items = items + excluded.items;
END;
