-- The comments of a video after a given one, in id order: what a live
-- viewer who reconnects missed. The (video_id, created_at, id) index
-- cannot range on the id alone.
CREATE INDEX comments_video_id_idx ON comments (video_id, id);
