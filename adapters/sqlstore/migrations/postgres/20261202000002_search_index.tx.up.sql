-- Trigram indexes for video, account and playlist search (see search.go).
--
-- pg_trgm's GIN operator class serves search_text LIKE '%...%' (the ESCAPE
-- clause folds into a constant pattern at planning), and the planner keeps
-- rechecking every candidate row with the LIKE itself: results are those
-- of a full scan. Needles too short or too common to narrow the rows are
-- left to the scan the planner prefers.
--
-- The planner estimates how many rows a needle matches by trying it on the
-- column's histogram. With the default 100 entries, a needle found in one
-- of them reads as one row in a hundred, and a page of the list then walks
-- the list's index in order rather than take a few rows from the trigram
-- index and sort them: a needle held by one video in 500 read 12,000 rows
-- that way. 400 entries bring that floor down to one row in 400, for some
-- tenths of a millisecond more planning.
ALTER TABLE videos ALTER COLUMN search_text SET STATISTICS 400;
ALTER TABLE users ALTER COLUMN search_text SET STATISTICS 400;
ALTER TABLE playlists ALTER COLUMN search_text SET STATISTICS 400;

-- An extension belongs to the database, not to a schema, and may already
-- be there, in any schema (public, Supabase's extensions, or the schema of
-- another instance sharing the database). So the indexes name the
-- operator class through the schema that holds it, whatever that is, and
-- the extension is created in public when it can be: a schema of the
-- application can be dropped, and would take the extension, with every
-- index built on it in other schemas, along. Schemas migrating at once
-- take turns (CREATE EXTENSION IF NOT EXISTS fails for one of two
-- concurrent creators), under a lock held until the migration commits.
--
-- All of this is transactional, so the file runs in the migration's
-- transaction; building the indexes locks the tables against writes
-- while it lasts.
DO $$
DECLARE
    home text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('stagecast.extension.pg_trgm', 0));
    IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm') THEN
        IF EXISTS (SELECT FROM pg_namespace WHERE nspname = 'public' AND has_schema_privilege(oid, 'CREATE')) THEN
            CREATE EXTENSION pg_trgm SCHEMA public;
        ELSE
            CREATE EXTENSION pg_trgm;
        END IF;
    END IF;
    SELECT extnamespace::regnamespace::text INTO home FROM pg_extension WHERE extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX videos_search_trgm_idx ON videos USING gin (search_text %s.gin_trgm_ops)', home);
    EXECUTE format('CREATE INDEX users_search_trgm_idx ON users USING gin (search_text %s.gin_trgm_ops)', home);
    EXECUTE format('CREATE INDEX playlists_search_trgm_idx ON playlists USING gin (search_text %s.gin_trgm_ops)', home);
END
$$;
