DROP INDEX comments_video_id_idx;
