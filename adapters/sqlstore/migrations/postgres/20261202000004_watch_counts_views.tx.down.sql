DROP TRIGGER video_views_counted ON video_views;
DROP FUNCTION video_views_counted();
DROP TRIGGER watch_history_view ON watch_history;
DROP FUNCTION watch_history_view();
ALTER TABLE watch_history DROP COLUMN count_before;
