-- A playlist's entries in order carry their video ids, so that reading a
-- page of playlists with their videos can read the index alone.
DROP INDEX playlist_videos_position_idx;
CREATE INDEX playlist_videos_position_idx ON playlist_videos (playlist_id, position) INCLUDE (video_id);
