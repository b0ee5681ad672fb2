DROP TRIGGER video_counts_publish;
DROP TRIGGER video_counts_delete;
DROP TRIGGER video_counts_insert;
DROP TABLE video_counts;
