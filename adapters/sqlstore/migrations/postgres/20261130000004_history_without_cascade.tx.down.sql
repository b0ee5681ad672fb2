ALTER TABLE watch_history
    DROP CONSTRAINT watch_history_video_id_fkey,
    ADD CONSTRAINT watch_history_video_id_fkey FOREIGN KEY (video_id) REFERENCES videos (id) ON DELETE CASCADE;
