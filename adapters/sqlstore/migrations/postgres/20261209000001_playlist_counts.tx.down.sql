DROP TRIGGER playlist_counts_publish ON playlists;
DROP TRIGGER playlist_counts_change ON playlists;
DROP FUNCTION playlist_counts_change();
DELETE FROM list_counts WHERE list IN ('playlists', 'published_playlists');
