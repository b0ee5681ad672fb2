DROP TRIGGER list_counts_forget_history ON users;
CREATE OR REPLACE FUNCTION videos_published_history() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE watch_history SET hidden = NOT NEW.published
    WHERE video_id = NEW.id AND user_id <> NEW.owner_id;
    RETURN NULL;
END;
$$;
DROP TRIGGER history_counts_flip ON watch_history;
DROP TRIGGER history_counts_change ON watch_history;
DROP FUNCTION history_counts_change();
DELETE FROM list_counts WHERE list = 'history';
