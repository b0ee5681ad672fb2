-- Trigram indexes for video, account and playlist search (see search.go).
--
-- Each searched table gets an FTS5 table with the trigram tokenizer over
-- its search_text, kept in step by triggers. The index only finds
-- candidates: every search still checks the row's own search_text with the
-- LIKE that defines a match, so the results are those of a full scan.
--
-- FTS5 knows its rows by an integer rowid, and these tables have text ids:
-- their implicit rowids are no key, as VACUUM may renumber them. So each
-- table also gets a table of keys, an INTEGER PRIMARY KEY per id (which
-- VACUUM keeps), that the FTS5 rowid is: the triggers find a row's entry
-- through the id's unique index, and a search reads the ids back through
-- the keys. The FTS5 tables hold no copy of the text (content=''):
-- searches read the text from the row they recheck anyway, and
-- contentless_delete lets the triggers remove an entry by its rowid.
--
-- search_text is already lowered, so the tokenizer keeps case
-- (case_sensitive 1) and folds nothing more: the index holds the very
-- characters that LIKE compares.

CREATE TABLE videos_search_keys (
    key INTEGER NOT NULL PRIMARY KEY,
    id  TEXT    NOT NULL UNIQUE
) STRICT;

CREATE VIRTUAL TABLE videos_search USING fts5 (
    search_text, content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
);

INSERT INTO videos_search_keys (id) SELECT id FROM videos;
INSERT INTO videos_search (rowid, search_text)
    SELECT k.key, v.search_text FROM videos AS v JOIN videos_search_keys AS k ON k.id = v.id;

CREATE TRIGGER videos_search_insert AFTER INSERT ON videos BEGIN
    INSERT INTO videos_search_keys (id) VALUES (new.id);
    INSERT INTO videos_search (rowid, search_text)
        SELECT key, new.search_text FROM videos_search_keys WHERE id = new.id;
END;

-- Ids never change, but an entry must follow its row if one did.
CREATE TRIGGER videos_search_update AFTER UPDATE OF id, search_text ON videos
WHEN new.id IS NOT old.id OR new.search_text IS NOT old.search_text BEGIN
    DELETE FROM videos_search WHERE rowid = (SELECT key FROM videos_search_keys WHERE id = old.id);
    UPDATE videos_search_keys SET id = new.id WHERE id = old.id;
    INSERT INTO videos_search (rowid, search_text)
        SELECT key, new.search_text FROM videos_search_keys WHERE id = new.id;
END;

CREATE TRIGGER videos_search_delete AFTER DELETE ON videos BEGIN
    DELETE FROM videos_search WHERE rowid = (SELECT key FROM videos_search_keys WHERE id = old.id);
    DELETE FROM videos_search_keys WHERE id = old.id;
END;

-- Accounts stored before users.search_text existed hold an empty one until
-- Migrate's backfill writes it; the update trigger indexes it then.
CREATE TABLE users_search_keys (
    key INTEGER NOT NULL PRIMARY KEY,
    id  TEXT    NOT NULL UNIQUE
) STRICT;

CREATE VIRTUAL TABLE users_search USING fts5 (
    search_text, content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
);

INSERT INTO users_search_keys (id) SELECT id FROM users;
INSERT INTO users_search (rowid, search_text)
    SELECT k.key, u.search_text FROM users AS u JOIN users_search_keys AS k ON k.id = u.id;

CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search_keys (id) VALUES (new.id);
    INSERT INTO users_search (rowid, search_text)
        SELECT key, new.search_text FROM users_search_keys WHERE id = new.id;
END;

CREATE TRIGGER users_search_update AFTER UPDATE OF id, search_text ON users
WHEN new.id IS NOT old.id OR new.search_text IS NOT old.search_text BEGIN
    DELETE FROM users_search WHERE rowid = (SELECT key FROM users_search_keys WHERE id = old.id);
    UPDATE users_search_keys SET id = new.id WHERE id = old.id;
    INSERT INTO users_search (rowid, search_text)
        SELECT key, new.search_text FROM users_search_keys WHERE id = new.id;
END;

CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    DELETE FROM users_search WHERE rowid = (SELECT key FROM users_search_keys WHERE id = old.id);
    DELETE FROM users_search_keys WHERE id = old.id;
END;

CREATE TABLE playlists_search_keys (
    key INTEGER NOT NULL PRIMARY KEY,
    id  TEXT    NOT NULL UNIQUE
) STRICT;

CREATE VIRTUAL TABLE playlists_search USING fts5 (
    search_text, content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
);

INSERT INTO playlists_search_keys (id) SELECT id FROM playlists;
INSERT INTO playlists_search (rowid, search_text)
    SELECT k.key, p.search_text FROM playlists AS p JOIN playlists_search_keys AS k ON k.id = p.id;

CREATE TRIGGER playlists_search_insert AFTER INSERT ON playlists BEGIN
    INSERT INTO playlists_search_keys (id) VALUES (new.id);
    INSERT INTO playlists_search (rowid, search_text)
        SELECT key, new.search_text FROM playlists_search_keys WHERE id = new.id;
END;

CREATE TRIGGER playlists_search_update AFTER UPDATE OF id, search_text ON playlists
WHEN new.id IS NOT old.id OR new.search_text IS NOT old.search_text BEGIN
    DELETE FROM playlists_search WHERE rowid = (SELECT key FROM playlists_search_keys WHERE id = old.id);
    UPDATE playlists_search_keys SET id = new.id WHERE id = old.id;
    INSERT INTO playlists_search (rowid, search_text)
        SELECT key, new.search_text FROM playlists_search_keys WHERE id = new.id;
END;

CREATE TRIGGER playlists_search_delete AFTER DELETE ON playlists BEGIN
    DELETE FROM playlists_search WHERE rowid = (SELECT key FROM playlists_search_keys WHERE id = old.id);
    DELETE FROM playlists_search_keys WHERE id = old.id;
END;
