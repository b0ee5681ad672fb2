-- How many playlists each owner has ('playlists'), and how many of them
-- are published ('published_playlists'), in list_counts, so that a page
-- of a member's playlists, their own or their public ones, tells its total
-- without counting them. Triggers keep the counts in the statement that
-- adds, removes or publishes a playlist, so they never disagree with the
-- playlists. A playlist's owner never changes.
INSERT INTO list_counts (list, subject, items)
SELECT 'playlists', owner_id, count(*) FROM playlists GROUP BY owner_id;
INSERT INTO list_counts (list, subject, items)
SELECT 'published_playlists', owner_id, count(*) FROM playlists WHERE published GROUP BY owner_id;

CREATE TRIGGER playlist_counts_insert AFTER INSERT ON playlists
BEGIN
    INSERT INTO list_counts (list, subject, items) VALUES ('playlists', NEW.owner_id, 1)
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
    -- The WHERE tells SQLite's parser where the SELECT ends and the
    -- upsert begins.
    INSERT INTO list_counts (list, subject, items) SELECT 'published_playlists', NEW.owner_id, 1 WHERE NEW.published
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
END;

CREATE TRIGGER playlist_counts_delete AFTER DELETE ON playlists
BEGIN
    UPDATE list_counts SET items = items - 1
    WHERE subject = OLD.owner_id AND (list = 'playlists' OR (OLD.published AND list = 'published_playlists'));
END;

CREATE TRIGGER playlist_counts_publish AFTER UPDATE OF published ON playlists
WHEN NEW.published <> OLD.published
BEGIN
    -- An owner's first publication has no row yet: it starts at 0.
    INSERT INTO list_counts (list, subject, items) VALUES ('published_playlists', NEW.owner_id, 0)
    ON CONFLICT (list, subject) DO NOTHING;
    UPDATE list_counts SET items = items + CASE WHEN NEW.published THEN 1 ELSE -1 END
    WHERE list = 'published_playlists' AND subject = NEW.owner_id;
END;
