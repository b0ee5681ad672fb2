-- The media sweeper asks whether a row points at a key before it deletes
-- the object: these indexes answer that without scanning.
CREATE INDEX videos_file_key_idx ON videos (file_key);
CREATE INDEX videos_thumb_key_idx ON videos (thumb_key);
CREATE INDEX users_profile_image_key_idx ON users (profile_image_key) WHERE profile_image_key <> '';
