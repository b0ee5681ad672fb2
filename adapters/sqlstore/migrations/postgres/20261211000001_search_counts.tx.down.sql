DROP TRIGGER video_search_update ON videos;
DROP TRIGGER video_search_delete ON videos;
DROP TRIGGER video_search_insert ON videos;
DROP FUNCTION video_search_change();
ALTER TABLE video_counts DROP COLUMN search_gen;
DROP FUNCTION video_search_mark();
