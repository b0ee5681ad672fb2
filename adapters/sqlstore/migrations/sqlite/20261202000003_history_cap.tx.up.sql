-- A user's watch history keeps its newest 1,000 entries (video.MaxHistory):
-- a new entry pushes out those older than the 1,000th newest, so that a
-- history read or counted never grows with years of watching. Only an
-- insert can push one out: a re-watch updates its entry in place.
DELETE FROM watch_history WHERE (user_id, video_id) IN (
    SELECT user_id, video_id FROM (
        SELECT user_id, video_id,
               row_number() OVER (PARTITION BY user_id ORDER BY watched_at DESC, video_id DESC) AS n
        FROM watch_history
    ) WHERE n > 1000
);

CREATE TRIGGER watch_history_cap AFTER INSERT ON watch_history
BEGIN
    DELETE FROM watch_history
    WHERE user_id = NEW.user_id AND (watched_at, video_id) < (
        SELECT watched_at, video_id FROM watch_history WHERE user_id = NEW.user_id
        ORDER BY watched_at DESC, video_id DESC LIMIT 1 OFFSET 999
    );
END;
