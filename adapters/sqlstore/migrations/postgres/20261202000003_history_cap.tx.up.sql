-- A user's watch history keeps its newest 1,000 entries (video.MaxHistory):
-- a new entry pushes out those older than the 1,000th newest, so that a
-- history read or counted never grows with years of watching. Only an
-- insert can push one out: a re-watch updates its entry in place, which
-- fires no INSERT trigger.
DELETE FROM watch_history WHERE (user_id, video_id) IN (
    SELECT user_id, video_id FROM (
        SELECT user_id, video_id,
               row_number() OVER (PARTITION BY user_id ORDER BY watched_at DESC, video_id DESC) AS n
        FROM watch_history
    ) AS ranked WHERE n > 1000
);

CREATE FUNCTION watch_history_cap() RETURNS trigger LANGUAGE plpgsql
    -- The tables are those of the schema migrated, whatever the search
    -- path of the session whose write fires the trigger.
    SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM watch_history
    WHERE user_id = NEW.user_id AND (watched_at, video_id) < (
        SELECT watched_at, video_id FROM watch_history WHERE user_id = NEW.user_id
        ORDER BY watched_at DESC, video_id DESC LIMIT 1 OFFSET 999
    );
    RETURN NULL;
END;
$$;

CREATE TRIGGER watch_history_cap AFTER INSERT ON watch_history
FOR EACH ROW EXECUTE FUNCTION watch_history_cap();
