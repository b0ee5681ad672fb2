DROP TRIGGER list_counts_video_delete;
DROP TRIGGER list_counts_follow_delete;
DROP TRIGGER list_counts_follow_insert;
DROP TRIGGER list_counts_post_delete;
DROP TRIGGER list_counts_post_insert;
DROP TRIGGER list_counts_comment_delete;
DROP TRIGGER list_counts_comment_insert;
DROP TABLE list_counts;
