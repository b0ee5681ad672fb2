-- Storage keys waiting for deletion (domain/media.Trash). Keys sort
-- byte-wise, as Due orders by due time then key in every store.

CREATE TABLE media_trash (
    key      text COLLATE "C" NOT NULL PRIMARY KEY,
    due_at   timestamptz      NOT NULL,
    attempts integer          NOT NULL DEFAULT 0
);

-- Serves Due: the earliest due first.
CREATE INDEX media_trash_due_idx ON media_trash (due_at, key);
