DROP TRIGGER video_views_counted_update;
DROP TRIGGER video_views_counted_insert;
DROP TRIGGER watch_history_view_update;
DROP TRIGGER watch_history_view_insert;
ALTER TABLE watch_history DROP COLUMN count_before;
