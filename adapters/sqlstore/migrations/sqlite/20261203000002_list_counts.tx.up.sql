-- How many items some lists hold, so that a page of them tells its total
-- without counting the list: the comments under each video and each post,
-- the posts of each owner and of everyone (subject ''), the followers and
-- the followings of each user. A row exists once there was an item to
-- count. Triggers keep the counts in the statement that adds or removes an
-- item (a cascade's included), so they never disagree with the lists.
CREATE TABLE list_counts (
    list    TEXT    NOT NULL,
    subject TEXT    NOT NULL,
    items   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (list, subject)
) STRICT, WITHOUT ROWID;

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

-- A comment's parent never changes: only inserts and deletes count.
CREATE TRIGGER list_counts_comment_insert AFTER INSERT ON comments
BEGIN
    INSERT INTO list_counts (list, subject, items)
    VALUES (CASE WHEN NEW.video_id IS NULL THEN 'post_comments' ELSE 'video_comments' END, coalesce(NEW.video_id, NEW.post_id), 1)
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
END;

CREATE TRIGGER list_counts_comment_delete AFTER DELETE ON comments
BEGIN
    UPDATE list_counts SET items = items - 1
    WHERE list = CASE WHEN OLD.video_id IS NULL THEN 'post_comments' ELSE 'video_comments' END
      AND subject = coalesce(OLD.video_id, OLD.post_id);
END;

CREATE TRIGGER list_counts_post_insert AFTER INSERT ON posts
BEGIN
    INSERT INTO list_counts (list, subject, items) VALUES ('posts', NEW.owner_id, 1), ('posts', '', 1)
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
END;

CREATE TRIGGER list_counts_post_delete AFTER DELETE ON posts
BEGIN
    UPDATE list_counts SET items = items - 1 WHERE list = 'posts' AND subject IN (OLD.owner_id, '');
    DELETE FROM list_counts WHERE list = 'post_comments' AND subject = OLD.id;
END;

-- A deleted parent's count goes with it (whichever comes first of this and
-- the deletion of its comments, a cascade's or the use case's, the count
-- is gone once both are done).
CREATE TRIGGER list_counts_video_delete AFTER DELETE ON videos
BEGIN
    DELETE FROM list_counts WHERE list = 'video_comments' AND subject = OLD.id;
END;

CREATE TRIGGER list_counts_follow_insert AFTER INSERT ON follows
BEGIN
    INSERT INTO list_counts (list, subject, items) VALUES ('followers', NEW.following_id, 1), ('following', NEW.follower_id, 1)
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
END;

CREATE TRIGGER list_counts_follow_delete AFTER DELETE ON follows
BEGIN
    UPDATE list_counts SET items = items - 1
    WHERE (list = 'followers' AND subject = OLD.following_id) OR (list = 'following' AND subject = OLD.follower_id);
END;
