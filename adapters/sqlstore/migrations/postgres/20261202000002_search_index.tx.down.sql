DROP INDEX playlists_search_trgm_idx;
DROP INDEX users_search_trgm_idx;
DROP INDEX videos_search_trgm_idx;
ALTER TABLE playlists ALTER COLUMN search_text SET STATISTICS -1;
ALTER TABLE users ALTER COLUMN search_text SET STATISTICS -1;
ALTER TABLE videos ALTER COLUMN search_text SET STATISTICS -1;

-- The extension stays: it belongs to the whole database, where other
-- schemas' indexes may use it, and dropping it while they migrate or run
-- would wait on their locks while they wait on this one.
