-- The triggers of migration feed_counts, as they were.
DROP TRIGGER feed_video_insert;
DROP TRIGGER feed_video_publish;
DROP TRIGGER feed_video_unpublish;
DROP TRIGGER feed_video_delete;
DROP TRIGGER feed_follow_insert;

CREATE TRIGGER feed_video_insert AFTER INSERT ON videos
WHEN NEW.published
BEGIN
    UPDATE follows SET owner_latest_at = NEW.created_at, owner_latest_id = NEW.id
    WHERE following_id = NEW.owner_id
      AND (owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id));
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

DROP INDEX follows_feed_idx;
CREATE INDEX follows_feed_idx ON follows (follower_id, owner_latest_at, owner_latest_id, following_id)
WHERE owner_latest_at IS NOT NULL;

ALTER TABLE follows DROP COLUMN owner_second_at;
ALTER TABLE follows DROP COLUMN owner_second_id;
