-- The storage key of an uploaded avatar, so that replacing it can delete the
-- old object; '' is the generated avatar, which has no object.
ALTER TABLE users ADD COLUMN profile_image_key TEXT NOT NULL DEFAULT '';
