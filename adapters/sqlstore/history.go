package sqlstore

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
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
	// st runs the prepared statements of the hot paths.
	st *statements
}

var _ video.History = (*history)(nil)

// Touch upserts the entry, so a re-watch moves the video to the top of the
// list instead of adding it twice. Selecting the video rather than VALUES
// makes an unknown video insert nothing, which tells ErrNotFound apart
// without relying on the foreign key's error; the entry's hidden flag is
// the video's visibility to the user (see migration history_hidden).
func (r *history) Touch(ctx context.Context, userID, videoID id.ID, at time.Time) error {
	res, err := r.db.NewRaw(
		"INSERT INTO watch_history (user_id, video_id, watched_at, hidden) "+
			"SELECT ?, v.id, ?, NOT (v.published = TRUE OR v.owner_id = ?) FROM videos AS v WHERE v.id = ?"+r.lockVideo()+" "+
			"ON CONFLICT (user_id, video_id) DO UPDATE SET watched_at = excluded.watched_at, count_before = NULL, hidden = excluded.hidden",
		userID.String(), msTime(at), userID.String(), videoID.String(),
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

// keyShareVideo is the locking clause of the statements that write an
// entry from its video (see lockVideo).
const keyShareVideo = " FOR KEY SHARE OF v"

// lockVideo is the locking clause of the statements that write an entry
// from its video: in PostgreSQL they hold the video's row FOR KEY SHARE
// from the start, so that a change of its publication (which holds it FOR
// UPDATE, see videos.Update) never runs beside them and each entry's
// hidden flag is that of the video as it commits. SQLite runs one writer
// at a time.
func (r *history) lockVideo() string {
	if r.st.postgres {
		return keyShareVideo
	}
	return ""
}

// watchQuery is Watch's statement, by whether it is PostgreSQL's, which
// cannot tell the type of a time in a SELECT list or a CASE.
// Only a visible video is watched, so the entry is never hidden; the
// PostgreSQL statement locks the video as lockVideo tells.
var watchQuery = map[bool]string{
	false: watchText("?", ""),
	true:  watchText("CAST(? AS timestamptz)", keyShareVideo),
}

func watchText(t, lock string) string {
	return "INSERT INTO watch_history (user_id, video_id, watched_at, count_before) " +
		"SELECT ?, v.id, " + t + ", CASE WHEN v.owner_id = ? THEN NULL ELSE " + t + " END FROM videos AS v " +
		"WHERE v.id = ? AND (v.published = TRUE OR v.owner_id = ?)" + lock + " " +
		"ON CONFLICT (user_id, video_id) DO UPDATE SET watched_at = excluded.watched_at, count_before = excluded.count_before, hidden = FALSE"
}

// Watch is one prepared statement: the upsert of the history entry, from
// the video only if the user may see it. It carries the cut-off of the
// viewing window in count_before (NULL for the owner); the triggers of
// migration watch_counts_views then count the view against video_views,
// the marker of each viewer's last counted view, and add it to
// videos.views, all within the statement.
func (r *history) Watch(ctx context.Context, userID, videoID id.ID, at time.Time, window time.Duration) error {
	q := watchQuery[r.st.postgres]
	uid := userID.String()
	res, err := r.st.exec(ctx, q, uid, r.st.time(at), uid, r.st.time(at.Add(-window)), videoID.String(), uid)
	switch {
	case err == nil:
		return mustAffect(res, video.ErrNotFound, "watch")
	case foreignKeyViolation(err):
		// The video was deleted between the SELECT and the insert's check.
		return video.ErrNotFound.WithCause(err)
	default:
		return internal(err, "watch")
	}
}

// historySpec is the list of a user's entries whose video the user may
// see (published, or their own), most recently watched first, the video
// id breaking ties so that pages do not overlap. The flag says whether
// the user may see the video (migration history_hidden); the page checks
// the video as well, so that no flag can ever show a hidden video. The
// total is the count of visible entries list_counts keeps (migration
// history_counts). With owners, each entry's owner is read with it
// (authorColumns, by key as ownerJoin reads it).
func (r *history) historySpec(userID id.ID, withOwners bool) pageSpec {
	uid := userID.String()
	s := pageSpec{
		op: "list history", from: "watch_history AS h JOIN videos AS v ON v.id = h.video_id",
		columns: videosColumns + ", h.watched_at",
		where:   []string{"h.user_id = ?", "h.hidden = FALSE", "(v.published = TRUE OR v.owner_id = ?)"},
		args:    []any{uid, uid},
		order:   timeOrder{at: "h.watched_at", id: "h.video_id", desc: true},
		total:   &listTotal{list: historyList, subject: uid},
	}
	if withOwners {
		s.from += " " + ownerJoin(r.st.postgres, "v.owner_id")
		s.columns += ", " + authorColumns
	}
	return s
}

// historyList names the history's count in list_counts.
const historyList = "history"

// historyOwnedRow is an entry with its video's owner (NULL columns when
// the account is gone) and the history's total.
type historyOwnedRow struct {
	historyRow

	Owner     userRow `bun:"embed:u_"`
	ListTotal int64   `bun:"list_total"`
}

func (r *historyOwnedRow) listTotal() int64 { return r.ListTotal }

// List returns the visible entries through one prepared statement, two
// for a page past the end, whose total no row carries.
func (r *history) List(ctx context.Context, userID id.ID, page, limit int) ([]video.HistoryEntry, int, error) {
	entries, _, total, err := r.read(ctx, userID, page, limit, false)
	return entries, total, err
}

var _ app.HistoryPages = (*history)(nil)

// HistoryWithOwners reads the page List reads with its videos' owners, in
// the same statement.
func (r *history) HistoryWithOwners(ctx context.Context, userID id.ID, page, limit int) ([]video.HistoryEntry, []*user.User, int, error) {
	return r.read(ctx, userID, page, limit, true)
}

// read reads a page of the user's history, with its videos' owners when
// asked, and its total.
func (r *history) read(ctx context.Context, userID id.ID, page, limit int, withOwners bool) ([]video.HistoryEntry, []*user.User, int, error) {
	// Without owners their columns are not read and stay empty.
	rows, _, total, err := readPage[historyOwnedRow](ctx, r.st, list.Window{Page: page, Limit: limit}, r.historySpec(userID, withOwners))
	if err != nil {
		return nil, nil, 0, err
	}
	entries := make([]video.HistoryEntry, len(rows))
	var owners []*user.User
	if withOwners {
		owners = make([]*user.User, len(rows))
	}
	cache := make(ownerCache, len(rows))
	for i := range rows {
		row := &rows[i]
		entries[i] = video.HistoryEntry{Video: row.video(), WatchedAt: row.WatchedAt.Time()}
		if withOwners {
			owners[i] = cache.of(&row.Owner)
		}
	}
	return entries, owners, total, nil
}

// Remove deletes one entry, after locking the user's count (see
// deleteEntries).
func (r *history) Remove(ctx context.Context, userID, videoID id.ID) error {
	n, err := r.deleteEntries(ctx, "remove history entry", lockUserHistoryCount, []any{userID.String()},
		"user_id = ? AND video_id = ?", userID.String(), videoID.String())
	if err == nil && n == 0 {
		return video.ErrNotInHistory
	}
	return err
}

// RemoveVideo deletes every user's entry for the video (indexed on
// video_id), after locking the counts of the users whose visible entry
// goes (see deleteEntries).
func (r *history) RemoveVideo(ctx context.Context, videoID id.ID) (int, error) {
	return r.deleteEntries(ctx, "remove video from history", lockVideoHistoryCounts, []any{videoID.String()},
		"video_id = ?", videoID.String())
}

// Clear deletes the user's entries, after locking their count (see
// deleteEntries).
func (r *history) Clear(ctx context.Context, userID id.ID) (int, error) {
	return r.deleteEntries(ctx, "clear history", lockUserHistoryCount, []any{userID.String()},
		"user_id = ?", userID.String())
}

// deleteEntries deletes the entries where selects and tells how many went.
// Each visible entry deleted writes its user's history count (migration
// history_counts). On PostgreSQL, the statement lock (with lockArgs)
// first locks the counts the deletion will write, in the order of the
// users' ids, as every writer of the counts does (a change of a video's
// publication among them): a deletion that locked its entries first and
// its counts at the end, as the triggers do, could wait for a writer that
// holds the counts and waits for those entries. SQLite runs one writer at
// a time.
func (r *history) deleteEntries(ctx context.Context, op, lock string, lockArgs []any, where string, args ...any) (int, error) {
	var n int
	err := r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if r.st.postgres {
			if _, err := tx.NewRaw(lock, lockArgs...).Exec(ctx); err != nil {
				return internal(err, op+": lock history counts")
			}
		}
		res, err := tx.NewDelete().TableExpr("watch_history").Where(where, args...).Exec(ctx)
		if err != nil {
			return internal(err, op)
		}
		n, err = affected(res, op)
		return err
	})
	return n, err
}

// The statements that lock history counts before a deletion of entries
// (PostgreSQL): one user's, and those of the users whose visible entry of
// a video goes (a hidden one changes no count), in the order of their
// ids.
const (
	lockUserHistoryCount   = "SELECT 1 FROM list_counts WHERE list = 'history' AND subject = ? FOR UPDATE"
	lockVideoHistoryCounts = "SELECT 1 FROM list_counts WHERE list = 'history' AND subject IN " +
		"(SELECT user_id FROM watch_history WHERE video_id = ? AND NOT hidden) ORDER BY subject FOR UPDATE"
)
