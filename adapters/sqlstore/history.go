package sqlstore

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// historyRow is a watched video with the time it was last watched.
type historyRow struct {
	videoRow

	WatchedAt msTime `bun:"watched_at"`
}

// history implements video.History on watch_history.
type history struct {
	db bun.IDB
}

var _ video.History = (*history)(nil)

// Touch upserts the entry, so a re-watch moves the video to the top of the
// list instead of adding it twice. Selecting the video rather than VALUES
// makes an unknown video insert nothing, which tells ErrNotFound apart
// without relying on the foreign key's error.
func (r *history) Touch(ctx context.Context, userID, videoID id.ID, at time.Time) error {
	res, err := r.db.NewRaw(
		"INSERT INTO watch_history (user_id, video_id, watched_at) "+
			"SELECT ?, id, ? FROM videos WHERE id = ? "+
			"ON CONFLICT (user_id, video_id) DO UPDATE SET watched_at = excluded.watched_at",
		userID.String(), msTime(at), videoID.String(),
	).Exec(ctx)
	switch {
	case err == nil:
		return mustAffect(res, video.ErrNotFound, "touch history")
	case foreignKeyViolation(err):
		// The video was deleted between the SELECT and the insert's check;
		// the user is the caller, who exists.
		return video.ErrNotFound.WithCause(err)
	default:
		return internal(err, "touch history")
	}
}

// visibleHistory selects the user's entries whose video the user may see:
// published, or their own.
func visibleHistory(sel *bun.SelectQuery, userID id.ID) *bun.SelectQuery {
	return sel.TableExpr("watch_history AS h").
		Join("JOIN videos AS v ON v.id = h.video_id").
		Where("h.user_id = ?", userID.String()).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("v.published = ?", true).WhereOr("v.owner_id = ?", userID.String())
		})
}

// List returns the visible entries, most recently watched first; the video
// id breaks ties so that pages do not overlap.
func (r *history) List(ctx context.Context, userID id.ID, page, limit int) ([]video.HistoryEntry, int, error) {
	limit = clampLimit(limit)
	offset := pageOffset(page, limit)
	var rows []historyRow
	err := visibleHistory(r.db.NewSelect(), userID).
		ColumnExpr("v.*").
		ColumnExpr("h.watched_at").
		OrderExpr("h.watched_at DESC, h.video_id DESC").
		Limit(int64(limit)).Offset(int64(offset)).
		Scan(ctx, &rows)
	if err != nil {
		return nil, 0, internal(err, "list history")
	}
	entries := make([]video.HistoryEntry, len(rows))
	for i := range rows {
		entries[i] = video.HistoryEntry{Video: rows[i].video(), WatchedAt: rows[i].WatchedAt.Time()}
	}
	if (len(rows) > 0 && len(rows) < limit) || (len(rows) == 0 && offset == 0) {
		// The last page, not past the end: it tells the total.
		return entries, offset + len(rows), nil
	}
	total, err := visibleHistory(r.db.NewSelect(), userID).Count(ctx)
	if err != nil {
		return nil, 0, internal(err, "count history")
	}
	return entries, int(total), nil
}

func (r *history) Remove(ctx context.Context, userID, videoID id.ID) error {
	res, err := r.db.NewDelete().TableExpr("watch_history").
		Where("user_id = ? AND video_id = ?", userID.String(), videoID.String()).
		Exec(ctx)
	if err != nil {
		return internal(err, "remove history entry")
	}
	return mustAffect(res, video.ErrNotInHistory, "remove history entry")
}

// RemoveVideo deletes every user's entry for the video (indexed on
// video_id).
func (r *history) RemoveVideo(ctx context.Context, videoID id.ID) (int, error) {
	res, err := r.db.NewDelete().TableExpr("watch_history").Where("video_id = ?", videoID.String()).Exec(ctx)
	if err != nil {
		return 0, internal(err, "remove video from history")
	}
	return affected(res, "remove video from history")
}

func (r *history) Clear(ctx context.Context, userID id.ID) (int, error) {
	res, err := r.db.NewDelete().TableExpr("watch_history").
		Where("user_id = ?", userID.String()).
		Exec(ctx)
	if err != nil {
		return 0, internal(err, "clear history")
	}
	return affected(res, "clear history")
}
