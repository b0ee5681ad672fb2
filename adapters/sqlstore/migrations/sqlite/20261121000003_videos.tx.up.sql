-- Videos, their counted views and every user's watch history.
-- TEXT compares byte-wise (BINARY collation) in SQLite, as list orders and
-- keyset cursors need; duration is an 8-byte REAL, which round-trips a Go
-- float64 exactly.

CREATE TABLE videos (
    id          TEXT    NOT NULL PRIMARY KEY,
    -- No cascade: deleting an account must go through the use case that
    -- deletes each video and puts its media in the trash first.
    owner_id    TEXT    NOT NULL REFERENCES users (id),
    file_url    TEXT    NOT NULL,
    file_key    TEXT    NOT NULL,
    thumb_url   TEXT    NOT NULL,
    thumb_key   TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    description TEXT,
    -- lower(title || char(10) || description) computed in Go, so that search
    -- folds case the same way in every store (see videos_list.go).
    search_text TEXT    NOT NULL,
    duration    REAL    NOT NULL,
    views       INTEGER NOT NULL DEFAULT 0,
    published   INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- One index per list order: the public list (published only) by each sort,
-- and an owner's own list. Each ends with id, the tie-break of every order,
-- so a keyset page is one index range scan.
CREATE INDEX videos_published_created_idx ON videos (published, created_at, id);
CREATE INDEX videos_published_views_idx ON videos (published, views, id);
CREATE INDEX videos_published_duration_idx ON videos (published, duration, id);
CREATE INDEX videos_published_title_idx ON videos (published, title, id);
CREATE INDEX videos_owner_created_idx ON videos (owner_id, created_at, id);

-- One row per (video, viewer): when that viewer's view was last counted.
-- viewer_id has no foreign key: a marker that outlives its viewer is
-- harmless, and every counted view is spared a lookup in users.
CREATE TABLE video_views (
    video_id   TEXT    NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    viewer_id  TEXT    NOT NULL,
    counted_at INTEGER NOT NULL,
    PRIMARY KEY (video_id, viewer_id)
) STRICT;

CREATE TABLE watch_history (
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    video_id   TEXT    NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    watched_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, video_id)
) STRICT;

-- Serves History.List: most recently watched first, ties by video id.
CREATE INDEX watch_history_user_watched_idx ON watch_history (user_id, watched_at DESC, video_id DESC);
-- Serves the cascade when a video is deleted.
CREATE INDEX watch_history_video_idx ON watch_history (video_id);
