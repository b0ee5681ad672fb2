-- Deleting a video no longer takes its watch-history entries along behind
-- the core's back: the use case removes them first (see app/videos), and
-- the foreign key only refuses a video that still has entries.
ALTER TABLE watch_history
    DROP CONSTRAINT watch_history_video_id_fkey,
    ADD CONSTRAINT watch_history_video_id_fkey FOREIGN KEY (video_id) REFERENCES videos (id);
