-- A playlist's entries in order carry their video ids, so that reading a
-- page of playlists with their videos reads no entry row.
DROP INDEX playlist_videos_position_idx;
CREATE INDEX playlist_videos_position_idx ON playlist_videos (playlist_id, position, video_id);

-- Whether a video found by id is visible (published, or its owner's) is
-- read from this index alone: the entries of a page of playlists and the
-- ids of a user's liked videos check it for every row, and would otherwise
-- read each whole row.
CREATE INDEX videos_visibility_idx ON videos (id, published, owner_id);
