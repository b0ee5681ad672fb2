-- Videos, their counted views and every user's watch history.
--
-- Ids, titles and keys sort byte-wise (COLLATE "C") whatever the database's
-- collation, so that list orders and keyset cursors agree with the other
-- stores, and the indexes below serve those orders.

CREATE TABLE videos (
    id          char(24) COLLATE "C" NOT NULL PRIMARY KEY,
    -- No cascade: deleting an account must go through the use case that
    -- deletes each video and puts its media in the trash first.
    owner_id    char(24)         NOT NULL REFERENCES users (id),
    file_url    text             NOT NULL,
    file_key    text             NOT NULL,
    thumb_url   text             NOT NULL,
    thumb_key   text             NOT NULL,
    title       text COLLATE "C" NOT NULL,
    description text,
    -- lower(title || E'\n' || description) computed in Go, so that search
    -- folds case the same way in every store (see videos_list.go).
    search_text text             NOT NULL,
    duration    double precision NOT NULL,
    views       bigint           NOT NULL DEFAULT 0,
    published   boolean          NOT NULL DEFAULT false,
    created_at  timestamptz      NOT NULL,
    updated_at  timestamptz      NOT NULL
);

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
    video_id   char(24) COLLATE "C" NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    viewer_id  char(24)    NOT NULL,
    counted_at timestamptz NOT NULL,
    PRIMARY KEY (video_id, viewer_id)
);

CREATE TABLE watch_history (
    user_id    char(24)    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    video_id   char(24) COLLATE "C" NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    watched_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, video_id)
);

-- Serves History.List: most recently watched first, ties by video id.
CREATE INDEX watch_history_user_watched_idx ON watch_history (user_id, watched_at DESC, video_id DESC);
-- Serves the cascade when a video is deleted.
CREATE INDEX watch_history_video_idx ON watch_history (video_id);
