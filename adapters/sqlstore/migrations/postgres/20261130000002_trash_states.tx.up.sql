-- The trash becomes a ledger of keys no row owns: besides objects to delete
-- ('delete'), keys reserved for uploads ('pending') and keys of rows whose
-- direct-upload grant may still be used ('claimed'). grant_until is when
-- the last grant for the key lapses (NULL when it never had one).
ALTER TABLE media_trash
    ADD COLUMN state       text        NOT NULL DEFAULT 'delete'
        CHECK (state IN ('delete', 'pending', 'claimed')),
    ADD COLUMN grant_until timestamptz;

-- Before this change a pending upload was a key due in the future that no
-- deletion had failed for yet; its grant lapsed an hour before it was due.
UPDATE media_trash
   SET state = 'pending', grant_until = due_at - interval '1 hour'
 WHERE due_at > now() AND attempts = 0;
