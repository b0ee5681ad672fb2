-- A playlist's entries in order carry their video ids, so that reading a
-- page of playlists with their videos can read the index alone. The new
-- index is built before the old one is dropped: building takes a lock that
-- lets reads through, where dropping first would hold the table's
-- exclusive lock for the whole build.
CREATE INDEX playlist_videos_position_covering_idx ON playlist_videos (playlist_id, position) INCLUDE (video_id);
DROP INDEX playlist_videos_position_idx;
ALTER INDEX playlist_videos_position_covering_idx RENAME TO playlist_videos_position_idx;
