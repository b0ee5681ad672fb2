-- How many likes each video, comment and post holds, kept on the item's
-- own row, so that a page reads its items' like counts with the items
-- rather than counting each item's likes: a count that grew with a
-- popular item's likes on every page showing it. Triggers keep the count
-- in the transaction that adds or removes a like (a cascade's included:
-- an update of a row the cascade deleted finds nothing), so it never
-- disagrees with the likes.
ALTER TABLE videos ADD COLUMN like_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN like_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN like_count INTEGER NOT NULL DEFAULT 0;

UPDATE videos SET like_count = (SELECT count(*) FROM video_likes AS l WHERE l.video_id = videos.id)
WHERE id IN (SELECT video_id FROM video_likes);
UPDATE comments SET like_count = (SELECT count(*) FROM comment_likes AS l WHERE l.comment_id = comments.id)
WHERE id IN (SELECT comment_id FROM comment_likes);
UPDATE posts SET like_count = (SELECT count(*) FROM post_likes AS l WHERE l.post_id = posts.id)
WHERE id IN (SELECT post_id FROM post_likes);

CREATE TRIGGER like_counts_video_insert AFTER INSERT ON video_likes
BEGIN
    UPDATE videos SET like_count = like_count + 1 WHERE id = NEW.video_id;
END;

CREATE TRIGGER like_counts_video_delete AFTER DELETE ON video_likes
BEGIN
    UPDATE videos SET like_count = like_count - 1 WHERE id = OLD.video_id;
END;

CREATE TRIGGER like_counts_comment_insert AFTER INSERT ON comment_likes
BEGIN
    UPDATE comments SET like_count = like_count + 1 WHERE id = NEW.comment_id;
END;

CREATE TRIGGER like_counts_comment_delete AFTER DELETE ON comment_likes
BEGIN
    UPDATE comments SET like_count = like_count - 1 WHERE id = OLD.comment_id;
END;

CREATE TRIGGER like_counts_post_insert AFTER INSERT ON post_likes
BEGIN
    UPDATE posts SET like_count = like_count + 1 WHERE id = NEW.post_id;
END;

CREATE TRIGGER like_counts_post_delete AFTER DELETE ON post_likes
BEGIN
    UPDATE posts SET like_count = like_count - 1 WHERE id = OLD.post_id;
END;
