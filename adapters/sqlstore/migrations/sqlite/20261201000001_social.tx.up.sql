-- Follows, likes, comments, community posts and playlists, and the lowered
-- text that user search matches.
--
-- A comment's likes, and a post's likes and comments (with theirs), go
-- with it (ON DELETE CASCADE): one DELETE removes them together, so no one
-- adding likes or comments in a loop can keep a comment or a post from
-- being deleted; a like or comment written meanwhile finds its target gone.
-- A video keeps the step-by-step path: its likes, comments and playlist
-- entries have no cascade, the use case removes them first, and a foreign
-- key refuses a video that gained one in between (the store maps that to
-- video.ErrInUse). A playlist's entries are its own part and go with it.

-- lower(name || char(10) || username) computed in Go, like videos.search_text.
-- The accounts stored before this migration keep it empty here: Migrate
-- fills it in Go right after (see backfill.go), since SQLite's lower()
-- folds ASCII only.
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE TABLE follows (
    id           TEXT    NOT NULL PRIMARY KEY,
    follower_id  TEXT    NOT NULL REFERENCES users (id),
    following_id TEXT    NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    UNIQUE (follower_id, following_id)
) STRICT;

-- Serve Followers and Following, in either direction.
CREATE INDEX follows_following_created_idx ON follows (following_id, created_at, id);
CREATE INDEX follows_follower_created_idx ON follows (follower_id, created_at, id);

CREATE TABLE posts (
    id         TEXT    NOT NULL PRIMARY KEY,
    owner_id   TEXT    NOT NULL REFERENCES users (id),
    content    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX posts_created_idx ON posts (created_at, id);
CREATE INDEX posts_owner_created_idx ON posts (owner_id, created_at, id);

-- A comment is under exactly one video or post.
CREATE TABLE comments (
    id         TEXT    NOT NULL PRIMARY KEY,
    owner_id   TEXT    NOT NULL REFERENCES users (id),
    video_id   TEXT    REFERENCES videos (id),
    post_id    TEXT    REFERENCES posts (id) ON DELETE CASCADE,
    content    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((video_id IS NULL) <> (post_id IS NULL))
) STRICT;

-- Serve each parent's list, newest first, and the foreign keys' checks.
CREATE INDEX comments_video_created_idx ON comments (video_id, created_at, id);
CREATE INDEX comments_post_created_idx ON comments (post_id, created_at, id);
CREATE INDEX comments_owner_idx ON comments (owner_id);

-- The primary keys make a (user, target) pair unique.
CREATE TABLE video_likes (
    user_id    TEXT    NOT NULL REFERENCES users (id),
    video_id   TEXT    NOT NULL REFERENCES videos (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, video_id)
) STRICT;

CREATE INDEX video_likes_video_idx ON video_likes (video_id);
-- Serves LikedVideos: the most recent like first, ties by video id.
CREATE INDEX video_likes_user_created_idx ON video_likes (user_id, created_at, video_id);

CREATE TABLE comment_likes (
    user_id    TEXT    NOT NULL REFERENCES users (id),
    comment_id TEXT    NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, comment_id)
) STRICT;

CREATE INDEX comment_likes_comment_idx ON comment_likes (comment_id);

CREATE TABLE post_likes (
    user_id    TEXT    NOT NULL REFERENCES users (id),
    post_id    TEXT    NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, post_id)
) STRICT;

CREATE INDEX post_likes_post_idx ON post_likes (post_id);

CREATE TABLE playlists (
    id          TEXT    NOT NULL PRIMARY KEY,
    owner_id    TEXT    NOT NULL REFERENCES users (id),
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    -- lower(name || char(10) || description) computed in Go.
    search_text TEXT    NOT NULL,
    published   INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX playlists_owner_created_idx ON playlists (owner_id, created_at, id);
CREATE INDEX playlists_published_created_idx ON playlists (published, created_at, id);

-- position is the playlist's largest plus one, assigned under the
-- playlist's row lock; removals leave gaps, which the order ignores.
CREATE TABLE playlist_videos (
    playlist_id TEXT    NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    video_id    TEXT    NOT NULL REFERENCES videos (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (playlist_id, video_id)
) STRICT;

CREATE INDEX playlist_videos_position_idx ON playlist_videos (playlist_id, position);
CREATE INDEX playlist_videos_video_idx ON playlist_videos (video_id);
