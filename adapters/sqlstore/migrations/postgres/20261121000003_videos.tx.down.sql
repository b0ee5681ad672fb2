DROP TABLE watch_history;
DROP TABLE video_views;
DROP TABLE videos;
