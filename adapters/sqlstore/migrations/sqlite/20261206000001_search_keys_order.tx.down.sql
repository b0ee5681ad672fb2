DROP TRIGGER videos_search_order;
DROP TRIGGER videos_search_insert;
CREATE TRIGGER videos_search_insert AFTER INSERT ON videos BEGIN
    INSERT INTO videos_search_keys (id) VALUES (new.id);
    INSERT INTO videos_search (rowid, search_text)
        SELECT key, new.search_text FROM videos_search_keys WHERE id = new.id;
END;
ALTER TABLE videos_search_keys DROP COLUMN created_at;
ALTER TABLE videos_search_keys DROP COLUMN published;
