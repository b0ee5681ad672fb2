-- A video's key in its search index carries what a search in upload order
-- filters and orders by: whether the video is published, and when it was
-- uploaded. Such a search then finds, filters, orders and counts its
-- matches from the index and the keys alone, and reads only its page's
-- videos (see keyedSearch in videos_page.go). The triggers keep the
-- copies in step with the videos within the statement that changes them.
ALTER TABLE videos_search_keys ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE videos_search_keys ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
UPDATE videos_search_keys SET (published, created_at) =
    (SELECT v.published, v.created_at FROM videos AS v WHERE v.id = videos_search_keys.id)
WHERE id IN (SELECT id FROM videos);

DROP TRIGGER videos_search_insert;
CREATE TRIGGER videos_search_insert AFTER INSERT ON videos BEGIN
    INSERT INTO videos_search_keys (id, published, created_at) VALUES (new.id, new.published, new.created_at);
    INSERT INTO videos_search (rowid, search_text)
        SELECT key, new.search_text FROM videos_search_keys WHERE id = new.id;
END;

-- The key has the old id or the new one, whichever of this trigger and
-- videos_search_update runs first when one statement changed both.
CREATE TRIGGER videos_search_order AFTER UPDATE OF id, published, created_at ON videos
WHEN new.published IS NOT old.published OR new.created_at IS NOT old.created_at BEGIN
    UPDATE videos_search_keys SET published = new.published, created_at = new.created_at
    WHERE id IN (old.id, new.id);
END;
