-- How many likes each video, comment and post holds, kept on the item's
-- own row, so that a page reads its items' like counts with the items
-- rather than counting each item's likes: a count that grew with a
-- popular item's likes on every page showing it. A trigger keeps the
-- count in the transaction that adds or removes a like (a cascade's
-- included: an update of a row the cascade deleted finds nothing), so it
-- never disagrees with the likes. No like comes or goes between the
-- backfill and the triggers.
--
-- Writers of likes take the like tables, then the items' (a like's insert
-- checks its item's key); a deletion of an item takes the items' table,
-- then the like table its cascade deletes from. This migration needs
-- both, so whichever order it took them in, a writer of the other kind
-- could hold one and wait for the other: it gives up after lock_timeout
-- rather than hold traffic behind its locks, and the next start of the
-- server runs it again (nothing of it stays, it is one transaction).
--
-- Instances of the versions before this one read comments and posts with
-- "c.*" and "p.*" in prepared statements, which PostgreSQL refuses to run
-- once their table has another column; they should be replaced, not left
-- running beside this one, when it migrates.
SET LOCAL lock_timeout = '10s';
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

-- Every write of a like takes the item's row before the like's, as a
-- deletion of the item does before its cascade deletes the likes: in two
-- orders, two writers could each hold what the other waits for.
--
-- A like's insert takes it in like_counts_lock, a BEFORE trigger. Without
-- it the insert would take the item's key (its foreign key's check, a key
-- share lock) and only then its row (the count's update), and a deletion
-- could deadlock with two likes: likes A and B hold the key, a deletion D
-- of the item waits for both, A updates the count, and B, which must wait
-- for A's update, queues behind D, which waits for B.
--
-- A deletion of likes takes each like's row before any trigger of its own
-- runs, so it names its items FOR NO KEY UPDATE in its own statement
-- (likes.Remove and likes.RemoveAll); a cascade's items are already its
-- own. An insert waits for no like's row lock, only for an insert or a
-- deletion of its own pair, whose writer holds the item already.
--
-- like_counts_change, an AFTER trigger, counts only the likes written (an
-- insert that found its pair writes none).
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
