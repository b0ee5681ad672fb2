-- How many playlists each owner has ('playlists'), and how many of them
-- are published, of each owner and of everyone (subject '')
-- ('published_playlists'), in list_counts, so that a page of playlists
-- tells its total without counting them: a member's own playlists, a
-- member's public ones, and everyone's. Triggers keep the counts in the
-- statement that adds, removes or publishes a playlist, so they never
-- disagree with the playlists. A playlist's owner never changes.
INSERT INTO list_counts (list, subject, items)
SELECT 'playlists', owner_id, count(*) FROM playlists GROUP BY owner_id;
INSERT INTO list_counts (list, subject, items)
SELECT 'published_playlists', owner_id, count(*) FROM playlists WHERE published GROUP BY owner_id;
INSERT INTO list_counts (list, subject, items)
SELECT 'published_playlists', '', count(*) FROM playlists WHERE published HAVING count(*) > 0;

CREATE TRIGGER playlist_counts_insert AFTER INSERT ON playlists
BEGIN
    INSERT INTO list_counts (list, subject, items) VALUES ('playlists', NEW.owner_id, 1)
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
    -- The WHERE tells SQLite's parser where the SELECT ends and the
    -- upsert begins.
    INSERT INTO list_counts (list, subject, items)
    SELECT 'published_playlists', s.subject, 1 FROM (SELECT NEW.owner_id AS subject UNION ALL SELECT '') AS s WHERE NEW.published
    ON CONFLICT (list, subject) DO UPDATE SET items = items + 1;
END;

CREATE TRIGGER playlist_counts_delete AFTER DELETE ON playlists
BEGIN
    UPDATE list_counts SET items = items - 1
    WHERE (list = 'playlists' AND subject = OLD.owner_id)
       OR (OLD.published AND list = 'published_playlists' AND subject IN (OLD.owner_id, ''));
END;

CREATE TRIGGER playlist_counts_publish AFTER UPDATE OF published ON playlists
WHEN NEW.published <> OLD.published
BEGIN
    UPDATE list_counts SET items = items + CASE WHEN NEW.published THEN 1 ELSE -1 END
    WHERE list = 'published_playlists' AND subject IN (NEW.owner_id, '');
    -- A first publication of the owner's, or of anyone's, has no row yet.
    INSERT INTO list_counts (list, subject, items)
    SELECT 'published_playlists', s.subject, 1 FROM (SELECT NEW.owner_id AS subject UNION ALL SELECT '') AS s WHERE NEW.published
    ON CONFLICT (list, subject) DO NOTHING;
END;
