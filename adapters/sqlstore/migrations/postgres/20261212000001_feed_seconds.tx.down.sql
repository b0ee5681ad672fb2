-- The functions of migration feed_counts, as they were.
CREATE OR REPLACE FUNCTION feed_follow_start() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM feed_lock_owner(NEW.following_id);
    SELECT v.created_at, v.id INTO NEW.owner_latest_at, NEW.owner_latest_id
    FROM videos AS v WHERE v.owner_id = NEW.following_id AND v.published
    ORDER BY v.created_at DESC, v.id DESC LIMIT 1;
    RETURN NEW;
END;
$$;

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
        UPDATE follows SET owner_latest_at = NEW.created_at, owner_latest_id = NEW.id
        WHERE following_id = owner
          AND (owner_latest_at IS NULL OR (owner_latest_at, owner_latest_id) < (NEW.created_at, NEW.id));
        INSERT INTO list_counts (list, subject, items)
        SELECT 'feed', follower_id, 1 FROM follows WHERE following_id = owner
        ON CONFLICT (list, subject) DO UPDATE SET items = list_counts.items + 1;
    ELSIF d < 0 THEN
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

DROP INDEX follows_feed_idx;
CREATE INDEX follows_feed_idx ON follows (follower_id, owner_latest_at, owner_latest_id, following_id)
WHERE owner_latest_at IS NOT NULL;

ALTER TABLE follows DROP COLUMN owner_second_at, DROP COLUMN owner_second_id;
