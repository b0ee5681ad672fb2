-- SQLite only: its search index's keys carry what a search in upload
-- order filters and orders by. PostgreSQL's trigram index serves the
-- videos' own rows.
SELECT 1;
