DROP TRIGGER videos_published_history;
DROP INDEX watch_history_user_watched_idx;
CREATE INDEX watch_history_user_watched_idx ON watch_history (user_id, watched_at DESC, video_id DESC);
ALTER TABLE watch_history DROP COLUMN hidden;
