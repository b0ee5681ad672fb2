-- The published videos of one owner, newest first: a channel's public list,
-- a profile's totals and likes, and the subscription feed's count (the
-- published videos of each owner followed). Neither (owner_id, ...) nor
-- (published, ...) narrows to both; SQLite without statistics even prefers
-- a published index there, and reads every published video of the site.
CREATE INDEX videos_owner_published_created_idx ON videos (owner_id, published, created_at, id);
