-- Each playlist entry carries its video's publication and owner, which
-- tell who may see the entry (published, or the viewer's own): a page of
-- playlists with their videos reads them from the entries' index alone,
-- where it looked each entry's video up by its key (100 lookups for a page
-- of 5 playlists of 20 videos).

-- No video changes publication between the backfill and the trigger
-- (instances still running the previous version keep writing): writes of
-- videos, view counts included, wait for the migration, which rewrites
-- every entry once. The owner has no default: an entry without one (its
-- video gone, which the foreign key refuses anyway) matches no viewer, not
-- even an anonymous one, whose id is empty.
LOCK TABLE videos IN SHARE ROW EXCLUSIVE MODE;
ALTER TABLE playlist_videos
    ADD COLUMN video_published boolean NOT NULL DEFAULT false,
    ADD COLUMN video_owner char(24) COLLATE "C";

UPDATE playlist_videos AS pv SET video_published = v.published, video_owner = v.owner_id
FROM videos AS v WHERE v.id = pv.video_id;

-- The playlist's order, with what a page reads of each entry. The ALTER
-- TABLE above holds the table's exclusive lock to the end anyway.
DROP INDEX playlist_videos_position_idx;
CREATE INDEX playlist_videos_position_idx ON playlist_videos (playlist_id, position)
    INCLUDE (video_id, video_published, video_owner);

-- An entry copies its video's columns as it is written. The video's row
-- is read FOR KEY SHARE, which a change of publication (videos.Update,
-- which holds the row FOR UPDATE) waits for, or makes wait: so the entry
-- either lands before the change, whose trigger below then sees it, or
-- after it, and copies the video as changed. A video that is gone leaves
-- no owner, and the foreign key refuses the entry with its own error.
CREATE FUNCTION playlist_videos_copy_video() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write fires the trigger.
    SET search_path FROM CURRENT AS $$
BEGIN
    SELECT v.published, v.owner_id INTO NEW.video_published, NEW.video_owner
    FROM videos AS v WHERE v.id = NEW.video_id FOR KEY SHARE;
    IF NOT FOUND THEN
        NEW.video_published := false;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER playlist_videos_copy_video BEFORE INSERT ON playlist_videos
FOR EACH ROW EXECUTE FUNCTION playlist_videos_copy_video();

-- Publishing or unpublishing a video rewrites its entries, in the
-- statement that changes the video: one write per playlist that holds it,
-- which the video_id index finds. A video's owner never changes.
CREATE FUNCTION videos_published_entries() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE playlist_videos SET video_published = NEW.published WHERE video_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER videos_published_entries AFTER UPDATE OF published ON videos
FOR EACH ROW WHEN (NEW.published <> OLD.published) EXECUTE FUNCTION videos_published_entries();
