DROP INDEX users_profile_image_key_idx;
DROP INDEX videos_thumb_key_idx;
DROP INDEX videos_file_key_idx;
