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
-- Triggers keep both in the transaction that publishes, unpublishes or
-- deletes a video, or follows or unfollows an owner. Every write to a
-- video that changes what is published writes the owner's row of
-- video_counts first, then the totals' row (video_counts_change, whose
-- name sorts before this migration's trigger): such writes are one at a
-- time, and a publication, which writes a row per follower of its owner
-- (their follows and their counts), holds up the site's other uploads for
-- as long. A follow or an unfollow locks the followed owner's row of
-- video_counts (feed_lock_owner) before it reads the owner's figures, so
-- that it and a publication by that owner come one after the other: each
-- sees the other's whole change. An unfollow takes that row before the
-- follow's row (the store does), the order in which a publication takes
-- them.
--
-- No video or follow changes between the backfill and the triggers: the
-- migration waits for its locks at most lock_timeout, then gives up
-- (nothing of it stays, it is one transaction) and the next start runs it
-- again.
SET LOCAL lock_timeout = '10s';
LOCK TABLE videos, follows IN SHARE ROW EXCLUSIVE MODE;

ALTER TABLE follows ADD COLUMN owner_latest_at timestamptz, ADD COLUMN owner_latest_id char(24) COLLATE "C";

UPDATE follows AS f SET owner_latest_at = l.created_at, owner_latest_id = l.id
FROM (
    SELECT DISTINCT ON (owner_id) owner_id, created_at, id FROM videos
    WHERE published ORDER BY owner_id, created_at DESC, id DESC
) AS l
WHERE l.owner_id = f.following_id;

INSERT INTO list_counts (list, subject, items)
SELECT 'feed', f.follower_id, sum(c.published) FROM follows AS f JOIN video_counts AS c ON c.owner_id = f.following_id
GROUP BY f.follower_id HAVING sum(c.published) > 0;

-- The feed's owners, latest first; the followed owner's id is in the key
-- so that the walk reads no follow row.
CREATE INDEX follows_feed_idx ON follows (follower_id, owner_latest_at, owner_latest_id, following_id)
WHERE owner_latest_at IS NOT NULL;

-- feed_lock_owner locks the owner's row of video_counts against its
-- writers (FOR SHARE, which a publication's update waits for, and which
-- writes nothing), adding one with no video when the owner has none yet
-- (a publication adds it too, so both wait for each other), and returns
-- how many published videos the owner has.
CREATE FUNCTION feed_lock_owner(owner char(24)) RETURNS bigint LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write calls it.
    SET search_path FROM CURRENT AS $$
DECLARE
    n bigint;
BEGIN
    INSERT INTO video_counts (owner_id) VALUES (owner) ON CONFLICT (owner_id) DO NOTHING;
    SELECT published INTO n FROM video_counts WHERE owner_id = owner FOR SHARE;
    RETURN n;
END;
$$;

-- A published video comes or goes: its owner's followers count one more
-- or one less, and their follows of the owner carry its latest video.
CREATE FUNCTION feed_video_change() RETURNS trigger LANGUAGE plpgsql
    -- As above.
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
        UPDATE follows SET owner_latest_at = NEW.created_at, owner_latest_id = NEW.id
        WHERE following_id = owner
          AND (owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id));
        INSERT INTO list_counts (list, subject, items)
        SELECT 'feed', follower_id, 1 FROM follows WHERE following_id = owner
        ON CONFLICT (list, subject) DO UPDATE SET items = list_counts.items + 1;
    ELSIF d < 0 THEN
        -- The owner's latest is gone: the next one, or none (a sub-select
        -- with no row assigns NULLs).
        UPDATE follows SET (owner_latest_at, owner_latest_id) = (
            SELECT v.created_at, v.id FROM videos AS v WHERE v.owner_id = owner AND v.published
            ORDER BY v.created_at DESC, v.id DESC LIMIT 1
        )
        WHERE following_id = owner AND owner_latest_id = OLD.id;
        UPDATE list_counts SET items = items - 1
        WHERE list = 'feed' AND subject IN (SELECT follower_id FROM follows WHERE following_id = owner);
    END IF;
    RETURN NULL;
END;
$$;

-- Named after video_counts_change, so that it runs second.
CREATE TRIGGER video_feed_change AFTER INSERT OR DELETE OR UPDATE OF published ON videos
FOR EACH ROW EXECUTE FUNCTION feed_video_change();

-- A follow carries the owner's latest video from its start.
CREATE FUNCTION feed_follow_start() RETURNS trigger LANGUAGE plpgsql
    -- As above.
    SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM feed_lock_owner(NEW.following_id);
    SELECT v.created_at, v.id INTO NEW.owner_latest_at, NEW.owner_latest_id
    FROM videos AS v WHERE v.owner_id = NEW.following_id AND v.published
    ORDER BY v.created_at DESC, v.id DESC LIMIT 1;
    RETURN NEW;
END;
$$;

CREATE TRIGGER feed_follow_start BEFORE INSERT ON follows
FOR EACH ROW EXECUTE FUNCTION feed_follow_start();

-- A follow added or removed adds or removes the owner's published videos
-- from the follower's total (after the follow's own counts, whose
-- trigger's name sorts first). The owner's row of video_counts is locked
-- already, by feed_follow_start or by the store before an unfollow: it is
-- read FOR SHARE all the same, and not added, so that a statement that
-- empties follows and video_counts together leaves no row behind.
CREATE FUNCTION feed_follow_change() RETURNS trigger LANGUAGE plpgsql
    -- As above.
    SET search_path FROM CURRENT AS $$
DECLARE
    n bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT published INTO n FROM video_counts WHERE owner_id = NEW.following_id FOR SHARE;
        IF n > 0 THEN
            PERFORM list_counts_add('feed', NEW.follower_id, n);
        END IF;
    ELSE
        SELECT published INTO n FROM video_counts WHERE owner_id = OLD.following_id FOR SHARE;
        IF n > 0 THEN
            PERFORM list_counts_add('feed', OLD.follower_id, -n);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER list_counts_feed AFTER INSERT OR DELETE ON follows
FOR EACH ROW EXECUTE FUNCTION feed_follow_change();
