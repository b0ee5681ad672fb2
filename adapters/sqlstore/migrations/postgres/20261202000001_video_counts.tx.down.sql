DROP TRIGGER video_counts_change ON videos;
DROP FUNCTION video_counts_change();
DROP TABLE video_counts;
