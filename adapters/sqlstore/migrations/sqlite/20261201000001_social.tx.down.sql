DROP TABLE playlist_videos;
DROP TABLE playlists;
DROP TABLE post_likes;
DROP TABLE comment_likes;
DROP TABLE video_likes;
DROP TABLE comments;
DROP TABLE posts;
DROP TABLE follows;
ALTER TABLE users DROP COLUMN search_text;
