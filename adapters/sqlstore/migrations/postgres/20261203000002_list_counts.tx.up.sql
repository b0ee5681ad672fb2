-- How many items some lists hold, so that a page of them tells its total
-- without counting the list: the comments under each video and each post,
-- the posts of each owner and of everyone (subject ''), the followers and
-- the followings of each user. A row exists once there was an item to
-- count. Triggers keep the counts in the transaction that adds or removes
-- an item (a cascade's included), so they never disagree with the lists.
-- No item comes or goes between the backfill and the triggers (instances
-- still running the previous version keep writing).
LOCK TABLE comments, posts, follows IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE list_counts (
    list    text     NOT NULL,
    subject char(24) NOT NULL,
    items   bigint   NOT NULL DEFAULT 0,
    PRIMARY KEY (list, subject)
);

INSERT INTO list_counts (list, subject, items)
SELECT 'video_comments', video_id, count(*) FROM comments WHERE video_id IS NOT NULL GROUP BY video_id;
INSERT INTO list_counts (list, subject, items)
SELECT 'post_comments', post_id, count(*) FROM comments WHERE post_id IS NOT NULL GROUP BY post_id;
INSERT INTO list_counts (list, subject, items)
SELECT 'posts', owner_id, count(*) FROM posts GROUP BY owner_id;
INSERT INTO list_counts (list, subject, items)
SELECT 'posts', '', count(*) FROM posts HAVING count(*) > 0;
INSERT INTO list_counts (list, subject, items)
SELECT 'followers', following_id, count(*) FROM follows GROUP BY following_id;
INSERT INTO list_counts (list, subject, items)
SELECT 'following', follower_id, count(*) FROM follows GROUP BY follower_id;

-- list_counts_add adds d, 1 or -1, to one list's count. A removal is a
-- plain update: the row exists since the item's insert, and a statement
-- that empties list_counts along with the lists must not bring it back. A
-- change that counts in two lists writes them in a fixed order, one
-- statement each (a post: its owner's list, then everyone's; a follow: the
-- followed user's followers, then the follower's followings), so that two
-- such changes never wait for each other's rows in opposite orders.
CREATE FUNCTION list_counts_add(l text, s char(24), d bigint) RETURNS void LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write calls it.
    SET search_path FROM CURRENT AS $$
BEGIN
    IF d > 0 THEN
        INSERT INTO list_counts (list, subject, items) VALUES (l, s, d)
        ON CONFLICT (list, subject) DO UPDATE SET items = list_counts.items + excluded.items;
    ELSE
        UPDATE list_counts SET items = items + d WHERE list = l AND subject = s;
    END IF;
END;
$$;

-- A comment's parent never changes: only inserts and deletes count.
CREATE FUNCTION list_counts_change() RETURNS trigger LANGUAGE plpgsql
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
    IF TG_TABLE_NAME = 'comments' THEN
        IF r.video_id IS NULL THEN
            PERFORM list_counts_add('post_comments', r.post_id, d);
        ELSE
            PERFORM list_counts_add('video_comments', r.video_id, d);
        END IF;
    ELSIF TG_TABLE_NAME = 'posts' THEN
        PERFORM list_counts_add('posts', r.owner_id, d);
        PERFORM list_counts_add('posts', '', d);
    ELSE
        PERFORM list_counts_add('followers', r.following_id, d);
        PERFORM list_counts_add('following', r.follower_id, d);
    END IF;
    RETURN NULL;
END;
$$;

-- A deleted parent's count goes with it (whichever comes first of this and
-- the deletion of its comments, a cascade's or the use case's, the count
-- is gone once both are done). The list is the trigger's argument.
CREATE FUNCTION list_counts_forget() RETURNS trigger LANGUAGE plpgsql
    -- As above.
    SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM list_counts WHERE list = TG_ARGV[0] AND subject = OLD.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER list_counts_forget AFTER DELETE ON posts
FOR EACH ROW EXECUTE FUNCTION list_counts_forget('post_comments');
CREATE TRIGGER list_counts_forget AFTER DELETE ON videos
FOR EACH ROW EXECUTE FUNCTION list_counts_forget('video_comments');

CREATE TRIGGER list_counts_change AFTER INSERT OR DELETE ON comments
FOR EACH ROW EXECUTE FUNCTION list_counts_change();
CREATE TRIGGER list_counts_change AFTER INSERT OR DELETE ON posts
FOR EACH ROW EXECUTE FUNCTION list_counts_change();
CREATE TRIGGER list_counts_change AFTER INSERT OR DELETE ON follows
FOR EACH ROW EXECUTE FUNCTION list_counts_change();
