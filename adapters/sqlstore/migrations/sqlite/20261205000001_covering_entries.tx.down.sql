DROP INDEX videos_visibility_idx;
DROP INDEX playlist_videos_position_idx;
CREATE INDEX playlist_videos_position_idx ON playlist_videos (playlist_id, position);
