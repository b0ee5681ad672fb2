-- Back to one remembered hash: the newest of the list, its last word.
-- SQLite has no regular expressions: rtrim strips the trailing run of
-- characters that are not spaces, which leaves the words before the last
-- one, and replace removes those.

ALTER TABLE sessions ADD COLUMN alternate_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN previous_hash TEXT NOT NULL DEFAULT '';
UPDATE sessions SET previous_hash =
    replace(rotated_hashes, rtrim(rotated_hashes, replace(rotated_hashes, ' ', '')), '');
ALTER TABLE sessions DROP COLUMN rotated_hashes;
