-- How many videos each owner has, and how many of them are published, so
-- that a page of a list tells its total without counting the list. The row
-- of owner '' holds the totals of all owners; like an owner's, it exists
-- once there was a video to count, so an empty database has no row. A
-- trigger keeps the counts in the transaction that changes a video, so they
-- never disagree with it.
CREATE TABLE video_counts (
    owner_id  char(24) NOT NULL PRIMARY KEY,
    videos    bigint   NOT NULL DEFAULT 0,
    published bigint   NOT NULL DEFAULT 0
);

INSERT INTO video_counts (owner_id, videos, published)
SELECT owner_id, count(*), count(*) FILTER (WHERE published) FROM videos GROUP BY owner_id;
INSERT INTO video_counts (owner_id, videos, published)
SELECT '', count(*), count(*) FILTER (WHERE published) FROM videos HAVING count(*) > 0;

-- The owner's row is always written before the totals' row, so that two
-- statements that each change one video (as the store's do) never wait
-- for each other's rows in opposite orders. The totals' row is written by
-- every insert, delete and publish of a video: those are rare beside the
-- reads the counts spare.
CREATE FUNCTION video_counts_change() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write fires the trigger.
    SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO video_counts (owner_id, videos, published) VALUES (NEW.owner_id, 1, NEW.published::int)
        ON CONFLICT (owner_id) DO UPDATE
        SET videos = video_counts.videos + 1, published = video_counts.published + excluded.published;
        INSERT INTO video_counts (owner_id, videos, published) VALUES ('', 1, NEW.published::int)
        ON CONFLICT (owner_id) DO UPDATE
        SET videos = video_counts.videos + 1, published = video_counts.published + excluded.published;
    ELSIF TG_OP = 'DELETE' THEN
        -- Plain updates: the rows exist since the video's insert, and a
        -- statement that empties video_counts along with videos must not
        -- bring them back.
        UPDATE video_counts SET videos = videos - 1, published = published - OLD.published::int
        WHERE owner_id = OLD.owner_id;
        UPDATE video_counts SET videos = videos - 1, published = published - OLD.published::int
        WHERE owner_id = '';
    ELSIF NEW.published <> OLD.published THEN
        UPDATE video_counts SET published = published + NEW.published::int - OLD.published::int
        WHERE owner_id = NEW.owner_id;
        UPDATE video_counts SET published = published + NEW.published::int - OLD.published::int
        WHERE owner_id = '';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER video_counts_change AFTER INSERT OR DELETE OR UPDATE OF published ON videos
FOR EACH ROW EXECUTE FUNCTION video_counts_change();
