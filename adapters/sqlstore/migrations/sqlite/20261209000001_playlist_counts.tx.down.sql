DROP TRIGGER playlist_counts_publish;
DROP TRIGGER playlist_counts_delete;
DROP TRIGGER playlist_counts_insert;
DELETE FROM list_counts WHERE list IN ('playlists', 'published_playlists');
