-- The trash becomes a ledger of keys no row owns: besides objects to delete
-- ('delete'), keys reserved for uploads ('pending') and keys of rows whose
-- direct-upload grant may still be used ('claimed'). grant_until is when
-- the last grant for the key lapses (NULL when it never had one), in Unix
-- milliseconds like every instant.
ALTER TABLE media_trash ADD COLUMN state TEXT NOT NULL DEFAULT 'delete'
    CHECK (state IN ('delete', 'pending', 'claimed'));
ALTER TABLE media_trash ADD COLUMN grant_until INTEGER;

-- Before this change a pending upload was a key due in the future that no
-- deletion had failed for yet; its grant lapsed an hour before it was due.
UPDATE media_trash
   SET state = 'pending', grant_until = due_at - 3600000
 WHERE due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER) AND attempts = 0;
