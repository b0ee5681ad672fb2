-- Deleting a video no longer takes its watch-history entries along behind
-- the core's back: the use case removes them first (see app/videos), and
-- the foreign key only refuses a video that still has entries. SQLite
-- cannot change a foreign key in place, so the table is rebuilt.
CREATE TABLE watch_history_new (
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    video_id   TEXT    NOT NULL REFERENCES videos (id),
    watched_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, video_id)
) STRICT;
INSERT INTO watch_history_new (user_id, video_id, watched_at)
    SELECT user_id, video_id, watched_at FROM watch_history;
DROP TABLE watch_history;
ALTER TABLE watch_history_new RENAME TO watch_history;

-- Serves History.List: most recently watched first, ties by video id.
CREATE INDEX watch_history_user_watched_idx ON watch_history (user_id, watched_at DESC, video_id DESC);
-- Serves removing a video's entries, and the foreign key's check.
CREATE INDEX watch_history_video_idx ON watch_history (video_id);
