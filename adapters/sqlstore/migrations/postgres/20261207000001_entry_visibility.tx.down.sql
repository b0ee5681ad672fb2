DROP TRIGGER videos_published_entries ON videos;
DROP FUNCTION videos_published_entries();
DROP TRIGGER playlist_videos_copy_video ON playlist_videos;
DROP FUNCTION playlist_videos_copy_video();
DROP INDEX playlist_videos_position_idx;
CREATE INDEX playlist_videos_position_idx ON playlist_videos (playlist_id, position) INCLUDE (video_id);
ALTER TABLE playlist_videos DROP COLUMN video_published, DROP COLUMN video_owner;
