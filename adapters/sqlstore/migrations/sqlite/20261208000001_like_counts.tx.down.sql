DROP TRIGGER like_counts_post_delete;
DROP TRIGGER like_counts_post_insert;
DROP TRIGGER like_counts_comment_delete;
DROP TRIGGER like_counts_comment_insert;
DROP TRIGGER like_counts_video_delete;
DROP TRIGGER like_counts_video_insert;
ALTER TABLE posts DROP COLUMN like_count;
ALTER TABLE comments DROP COLUMN like_count;
ALTER TABLE videos DROP COLUMN like_count;
