-- A session remembers the hashes of its recently rotated-out refresh
-- secrets (domain/session.MaxRotated of them), oldest first and separated by
-- spaces, instead of only the last one. A graced refresh now hands out a
-- successor derived from the presented secret, so the second current secret
-- of alternate_hash is gone: a token it held, issued in the ten seconds
-- before this migration, is refused and its device signs in again.

ALTER TABLE sessions ADD COLUMN rotated_hashes text NOT NULL DEFAULT '';
UPDATE sessions SET rotated_hashes = previous_hash;
ALTER TABLE sessions DROP COLUMN alternate_hash;
ALTER TABLE sessions DROP COLUMN previous_hash;
