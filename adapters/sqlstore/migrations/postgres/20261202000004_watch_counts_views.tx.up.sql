-- Watching a video is one statement (see history.Watch): the upsert of the
-- watcher's history entry carries, in count_before, the cut-off the use
-- case computed from its viewing window (NULL: the owner, whose views never
-- count). A trigger then counts the view when the watcher's last counted
-- view is at or before that cut-off, the gate video_views always was, and
-- another keeps videos.views equal to the views counted.
ALTER TABLE watch_history ADD COLUMN count_before timestamptz;

CREATE FUNCTION watch_history_view() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write fires the trigger.
    SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.count_before IS NOT NULL THEN
        INSERT INTO video_views (video_id, viewer_id, counted_at) VALUES (NEW.video_id, NEW.user_id, NEW.watched_at)
        ON CONFLICT (video_id, viewer_id) DO UPDATE SET counted_at = excluded.counted_at
        WHERE video_views.counted_at <= NEW.count_before;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER watch_history_view AFTER INSERT OR UPDATE OF watched_at ON watch_history
FOR EACH ROW EXECUTE FUNCTION watch_history_view();

CREATE FUNCTION video_views_counted() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write fires the trigger.
    SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE videos SET views = views + 1 WHERE id = NEW.video_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER video_views_counted AFTER INSERT OR UPDATE OF counted_at ON video_views
FOR EACH ROW EXECUTE FUNCTION video_views_counted();
