-- How many likes each video, comment and post holds, kept on the item's
-- own row, so that a page reads its items' like counts with the items
-- rather than counting each item's likes: a count that grew with a
-- popular item's likes on every page showing it. A trigger keeps the
-- count in the transaction that adds or removes a like (a cascade's
-- included: an update of a row the cascade deleted finds nothing), so it
-- never disagrees with the likes. No like comes or goes between the
-- backfill and the triggers (instances still running the previous
-- version keep writing).
LOCK TABLE video_likes, comment_likes, post_likes IN SHARE ROW EXCLUSIVE MODE;

ALTER TABLE videos ADD COLUMN like_count bigint NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN like_count bigint NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN like_count bigint NOT NULL DEFAULT 0;

UPDATE videos AS v SET like_count = l.n
FROM (SELECT video_id, count(*) AS n FROM video_likes GROUP BY video_id) AS l WHERE v.id = l.video_id;
UPDATE comments AS c SET like_count = l.n
FROM (SELECT comment_id, count(*) AS n FROM comment_likes GROUP BY comment_id) AS l WHERE c.id = l.comment_id;
UPDATE posts AS p SET like_count = l.n
FROM (SELECT post_id, count(*) AS n FROM post_likes GROUP BY post_id) AS l WHERE p.id = l.post_id;

-- Every write of a like takes the item's row before the like's: so does a
-- deletion of the item, whose cascade then deletes its likes. A like's
-- insert takes it in like_counts_lock, a BEFORE trigger; without it, the
-- insert's foreign key check would hold the item's key and the count then
-- ask for its row, and an item's deletion waiting for the key while
-- another like waited behind it for the row would deadlock the three. A
-- deletion of likes takes each like's row before any trigger of its own
-- runs, so it names its items FOR NO KEY UPDATE in its own statement
-- (likes.Remove and likes.RemoveAll). A like's insert waits for no like's
-- row lock, only for an insert or a deletion of its own pair, which hold
-- the item already. like_counts_change, an AFTER trigger, counts only the
-- likes written (an insert that found its pair writes none).
CREATE FUNCTION like_counts_lock() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write calls it.
    SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_TABLE_NAME = 'video_likes' THEN
        PERFORM 1 FROM videos WHERE id = NEW.video_id FOR NO KEY UPDATE;
    ELSIF TG_TABLE_NAME = 'comment_likes' THEN
        PERFORM 1 FROM comments WHERE id = NEW.comment_id FOR NO KEY UPDATE;
    ELSE
        PERFORM 1 FROM posts WHERE id = NEW.post_id FOR NO KEY UPDATE;
    END IF;
    RETURN NEW;
END;
$$;

CREATE FUNCTION like_counts_change() RETURNS trigger LANGUAGE plpgsql
    -- As above.
    SET search_path FROM CURRENT AS $$
DECLARE
    r record;
    d bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        r := NEW;
        d := 1;
    ELSE
        r := OLD;
        d := -1;
    END IF;
    IF TG_TABLE_NAME = 'video_likes' THEN
        UPDATE videos SET like_count = like_count + d WHERE id = r.video_id;
    ELSIF TG_TABLE_NAME = 'comment_likes' THEN
        UPDATE comments SET like_count = like_count + d WHERE id = r.comment_id;
    ELSE
        UPDATE posts SET like_count = like_count + d WHERE id = r.post_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER like_counts_lock BEFORE INSERT ON video_likes
FOR EACH ROW EXECUTE FUNCTION like_counts_lock();
CREATE TRIGGER like_counts_lock BEFORE INSERT ON comment_likes
FOR EACH ROW EXECUTE FUNCTION like_counts_lock();
CREATE TRIGGER like_counts_lock BEFORE INSERT ON post_likes
FOR EACH ROW EXECUTE FUNCTION like_counts_lock();

CREATE TRIGGER like_counts_change AFTER INSERT OR DELETE ON video_likes
FOR EACH ROW EXECUTE FUNCTION like_counts_change();
CREATE TRIGGER like_counts_change AFTER INSERT OR DELETE ON comment_likes
FOR EACH ROW EXECUTE FUNCTION like_counts_change();
CREATE TRIGGER like_counts_change AFTER INSERT OR DELETE ON post_likes
FOR EACH ROW EXECUTE FUNCTION like_counts_change();
