-- Each playlist entry carries its video's publication and owner, which
-- tell who may see the entry (published, or the viewer's own): a page of
-- playlists with their videos reads them from the entries' index alone,
-- where it looked each entry's video up by its key (100 lookups for a page
-- of 5 playlists of 20 videos).
--
-- The owner has no default: an entry without one (its video gone, which
-- the foreign key refuses anyway) matches no viewer, not even an anonymous
-- one, whose id is empty.
ALTER TABLE playlist_videos ADD COLUMN video_published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE playlist_videos ADD COLUMN video_owner TEXT;

UPDATE playlist_videos SET video_published = v.published, video_owner = v.owner_id
FROM videos AS v WHERE v.id = playlist_videos.video_id;

-- The playlist's order, with what a page reads of each entry.
DROP INDEX playlist_videos_position_idx;
CREATE INDEX playlist_videos_position_idx ON playlist_videos (playlist_id, position, video_id, video_published, video_owner);

-- An entry copies its video's columns as it is written (SQLite runs one
-- writer at a time, so no change of publication lands in between). A
-- video that is gone leaves no owner, and the foreign key refuses the
-- entry with its own error.
CREATE TRIGGER playlist_videos_copy_video AFTER INSERT ON playlist_videos
BEGIN
    UPDATE playlist_videos SET
        video_published = coalesce((SELECT v.published FROM videos AS v WHERE v.id = NEW.video_id), 0),
        video_owner = (SELECT v.owner_id FROM videos AS v WHERE v.id = NEW.video_id)
    WHERE playlist_id = NEW.playlist_id AND video_id = NEW.video_id;
END;

-- Publishing or unpublishing a video rewrites its entries, in the
-- statement that changes the video: one write per playlist that holds it,
-- which the video_id index finds. A video's owner never changes.
CREATE TRIGGER videos_published_entries AFTER UPDATE OF published ON videos
WHEN NEW.published <> OLD.published
BEGIN
    UPDATE playlist_videos SET video_published = NEW.published WHERE video_id = NEW.id;
END;
