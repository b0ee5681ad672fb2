-- How many videos each owner has, and how many of them are published, so
-- that a page of a list tells its total without counting the list. The row
-- of owner '' holds the totals of all owners; like an owner's, it exists
-- once there was a video to count, so an empty database has no row.
-- Triggers keep the counts in the statement that changes a video, so they
-- never disagree with it.
CREATE TABLE video_counts (
    owner_id  TEXT    NOT NULL PRIMARY KEY,
    videos    INTEGER NOT NULL DEFAULT 0,
    published INTEGER NOT NULL DEFAULT 0
);

INSERT INTO video_counts (owner_id, videos, published)
SELECT owner_id, count(*), coalesce(sum(published), 0) FROM videos GROUP BY owner_id;
INSERT INTO video_counts (owner_id, videos, published)
SELECT '', count(*), coalesce(sum(published), 0) FROM videos HAVING count(*) > 0;

CREATE TRIGGER video_counts_insert AFTER INSERT ON videos
BEGIN
    INSERT INTO video_counts (owner_id, videos, published) VALUES (NEW.owner_id, 1, NEW.published), ('', 1, NEW.published)
    ON CONFLICT (owner_id) DO UPDATE SET videos = videos + 1, published = published + excluded.published;
END;

CREATE TRIGGER video_counts_delete AFTER DELETE ON videos
BEGIN
    UPDATE video_counts SET videos = videos - 1, published = published - OLD.published
    WHERE owner_id IN (OLD.owner_id, '');
END;

CREATE TRIGGER video_counts_publish AFTER UPDATE OF published ON videos
WHEN NEW.published <> OLD.published
BEGIN
    UPDATE video_counts SET published = published + NEW.published - OLD.published
    WHERE owner_id IN (NEW.owner_id, '');
END;
