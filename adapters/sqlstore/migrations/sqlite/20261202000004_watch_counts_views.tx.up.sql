-- Watching a video is one statement (see history.Watch): the upsert of the
-- watcher's history entry carries, in count_before, the cut-off the use
-- case computed from its viewing window (NULL: the owner, whose views never
-- count). A trigger then counts the view when the watcher's last counted
-- view is at or before that cut-off, the gate video_views always was, and
-- another keeps videos.views equal to the views counted.
ALTER TABLE watch_history ADD COLUMN count_before INTEGER;

CREATE TRIGGER watch_history_view_insert AFTER INSERT ON watch_history
WHEN NEW.count_before IS NOT NULL
BEGIN
    INSERT INTO video_views (video_id, viewer_id, counted_at) VALUES (NEW.video_id, NEW.user_id, NEW.watched_at)
    ON CONFLICT (video_id, viewer_id) DO UPDATE SET counted_at = excluded.counted_at
    WHERE video_views.counted_at <= NEW.count_before;
END;

CREATE TRIGGER watch_history_view_update AFTER UPDATE OF watched_at ON watch_history
WHEN NEW.count_before IS NOT NULL
BEGIN
    INSERT INTO video_views (video_id, viewer_id, counted_at) VALUES (NEW.video_id, NEW.user_id, NEW.watched_at)
    ON CONFLICT (video_id, viewer_id) DO UPDATE SET counted_at = excluded.counted_at
    WHERE video_views.counted_at <= NEW.count_before;
END;

CREATE TRIGGER video_views_counted_insert AFTER INSERT ON video_views
BEGIN
    UPDATE videos SET views = views + 1 WHERE id = NEW.video_id;
END;

CREATE TRIGGER video_views_counted_update AFTER UPDATE OF counted_at ON video_views
BEGIN
    UPDATE videos SET views = views + 1 WHERE id = NEW.video_id;
END;
