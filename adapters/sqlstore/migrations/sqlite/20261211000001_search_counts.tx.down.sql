DROP INDEX videos_published_created_idx;
CREATE INDEX videos_published_created_idx ON videos (published, created_at, id);
DROP TRIGGER video_search_update;
DROP TRIGGER video_search_delete;
DROP TRIGGER video_search_insert;
ALTER TABLE video_counts DROP COLUMN search_gen;
