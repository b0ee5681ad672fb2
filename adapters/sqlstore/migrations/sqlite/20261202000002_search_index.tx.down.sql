DROP TRIGGER playlists_search_delete;
DROP TRIGGER playlists_search_update;
DROP TRIGGER playlists_search_insert;
DROP TABLE playlists_search;
DROP TABLE playlists_search_keys;

DROP TRIGGER users_search_delete;
DROP TRIGGER users_search_update;
DROP TRIGGER users_search_insert;
DROP TABLE users_search;
DROP TABLE users_search_keys;

DROP TRIGGER videos_search_delete;
DROP TRIGGER videos_search_update;
DROP TRIGGER videos_search_insert;
DROP TABLE videos_search;
DROP TABLE videos_search_keys;
