-- Back to one remembered hash: the newest of the list, its last word.

ALTER TABLE sessions ADD COLUMN alternate_hash text NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN previous_hash text NOT NULL DEFAULT '';
UPDATE sessions SET previous_hash = regexp_replace(rotated_hashes, '^.*\s', '');
ALTER TABLE sessions DROP COLUMN rotated_hashes;
