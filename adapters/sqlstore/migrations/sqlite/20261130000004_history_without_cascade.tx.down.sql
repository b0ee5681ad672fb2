CREATE TABLE watch_history_old (
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    video_id   TEXT    NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    watched_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, video_id)
) STRICT;
INSERT INTO watch_history_old (user_id, video_id, watched_at)
    SELECT user_id, video_id, watched_at FROM watch_history;
DROP TABLE watch_history;
ALTER TABLE watch_history_old RENAME TO watch_history;
CREATE INDEX watch_history_user_watched_idx ON watch_history (user_id, watched_at DESC, video_id DESC);
CREATE INDEX watch_history_video_idx ON watch_history (video_id);
