-- Storage keys waiting for deletion (domain/media.Trash).

CREATE TABLE media_trash (
    key      TEXT    NOT NULL PRIMARY KEY,
    due_at   INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Serves Due: the earliest due first.
CREATE INDEX media_trash_due_idx ON media_trash (due_at, key);
