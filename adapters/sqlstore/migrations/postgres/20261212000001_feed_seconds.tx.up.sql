-- Each follow carries the followed owner's second-latest published video
-- as well (owner_second_at, owner_second_id: NULL when the owner has
-- fewer than two), beside the latest (migration feed_counts), so that a
-- feed's first page can often be read from the follows alone: when none
-- of the follower's first n owners (latest first) has a second video as
-- new as the n-th owner's latest, the feed's first n videos are those
-- owners' latest ones (see latestWindow in the store). follows_feed_idx
-- carries the second video too, so that the follows' rows are not read.
--
-- The triggers of migration feed_counts keep both, under the same locks:
-- a publication moves the latest to second place, or takes second place
-- itself; the loss of either video reads the owner's two latest again.
SET LOCAL lock_timeout = '10s';
LOCK TABLE videos, follows IN SHARE ROW EXCLUSIVE MODE;

ALTER TABLE follows ADD COLUMN owner_second_at timestamptz, ADD COLUMN owner_second_id char(24) COLLATE "C";

UPDATE follows AS f SET owner_second_at = s.created_at, owner_second_id = s.id
FROM (
    SELECT r.owner_id, r.created_at, r.id FROM (
        SELECT owner_id, created_at, id, row_number() OVER (PARTITION BY owner_id ORDER BY created_at DESC, id DESC) AS n
        FROM videos WHERE published
    ) AS r WHERE r.n = 2
) AS s
WHERE s.owner_id = f.following_id;

DROP INDEX follows_feed_idx;
CREATE INDEX follows_feed_idx ON follows (follower_id, owner_latest_at, owner_latest_id, following_id)
INCLUDE (owner_second_at, owner_second_id) WHERE owner_latest_at IS NOT NULL;

CREATE OR REPLACE FUNCTION feed_video_change() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
DECLARE
    owner char(24);
    d int;
BEGIN
    IF TG_OP = 'INSERT' THEN
        owner := NEW.owner_id;
        d := NEW.published::int;
    ELSIF TG_OP = 'DELETE' THEN
        owner := OLD.owner_id;
        d := -OLD.published::int;
    ELSE
        owner := NEW.owner_id;
        d := NEW.published::int - OLD.published::int;
    END IF;
    IF d > 0 THEN
        -- The new video is the latest (the latest becomes second), or
        -- second, or neither. Each expression reads the row as it was.
        UPDATE follows SET
            owner_second_at = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id)
                THEN owner_latest_at ELSE NEW.created_at END,
            owner_second_id = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id)
                THEN owner_latest_id ELSE NEW.id END,
            owner_latest_at = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id)
                THEN NEW.created_at ELSE owner_latest_at END,
            owner_latest_id = CASE WHEN owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id)
                THEN NEW.id ELSE owner_latest_id END
        WHERE following_id = owner
          AND (owner_second_at IS NULL OR (owner_second_at, owner_second_id) < (NEW.created_at, NEW.id));
        INSERT INTO list_counts (list, subject, items)
        SELECT 'feed', follower_id, 1 FROM follows WHERE following_id = owner
        ON CONFLICT (list, subject) DO UPDATE SET items = list_counts.items + 1;
    ELSIF d < 0 THEN
        -- The owner's latest or second is gone: the two latest again, or
        -- fewer (a sub-select with no row assigns NULLs).
        UPDATE follows SET (owner_latest_at, owner_latest_id) = (
            SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = owner AND v.published
            ORDER BY v.created_at DESC, v.id DESC LIMIT 1
        ), (owner_second_at, owner_second_id) = (
            SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = owner AND v.published
            ORDER BY v.created_at DESC, v.id DESC LIMIT 1 OFFSET 1
        )
        WHERE following_id = owner AND (owner_latest_id = OLD.id OR owner_second_id = OLD.id);
        UPDATE list_counts SET items = items - 1
        WHERE list = 'feed' AND subject IN (SELECT follower_id FROM follows WHERE following_id = owner);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION feed_follow_start() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM feed_lock_owner(NEW.following_id);
    SELECT v.created_at, v.id INTO NEW.owner_latest_at, NEW.owner_latest_id
    FROM videos AS v WHERE v.owner_id = NEW.following_id AND v.published
    ORDER BY v.created_at DESC, v.id DESC LIMIT 1;
    SELECT v.created_at, v.id INTO NEW.owner_second_at, NEW.owner_second_id
    FROM videos AS v WHERE v.owner_id = NEW.following_id AND v.published
    ORDER BY v.created_at DESC, v.id DESC LIMIT 1 OFFSET 1;
    RETURN NEW;
END;
$$;
