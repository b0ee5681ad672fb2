package sqlstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
)

// likeTable is the table of one kind of like, its target column and the
// targets' table, all constants (they reach prepared statements' texts as
// they are).
type likeTable struct {
	table, target, items bun.Ident
}

// likeTableOf maps a kind to its table; only these constants reach the
// SQL.
func likeTableOf(k like.Kind, op string) (likeTable, error) {
	switch k {
	case like.OnVideo:
		return likeTable{"video_likes", "video_id", "videos"}, nil
	case like.OnComment:
		return likeTable{"comment_likes", "comment_id", "comments"}, nil
	case like.OnPost:
		return likeTable{"post_likes", "post_id", "posts"}, nil
	}
	return likeTable{}, errs.New(errs.Internal, "sqlstore: "+op+": unknown like kind "+k.String())
}

// lockedTargets is the subquery of a deletion of likes that names their
// targets, those of the list of values at placeholder, a "?": on
// PostgreSQL it takes their rows FOR NO KEY UPDATE, in the order of their
// keys, before the deletion takes any like's row. Every write of a like
// takes its target's row before the like's (migration like_counts), as a
// deletion of the target does before its cascade deletes the likes: in
// the other order, a deletion of likes and one of their target would
// wait for each other. SQLite writes one transaction at a time.
func (t likeTable) lockedTargets(postgres bool, placeholder string) string {
	if !postgres {
		return placeholder
	}
	return "SELECT x.id FROM " + string(t.items) + " AS x WHERE x.id IN (" + placeholder + ") ORDER BY x.id FOR NO KEY UPDATE"
}

// likes implements like.Repository on video_likes, comment_likes and
// post_likes.
type likes struct {
	db bun.IDB
	// st runs the prepared statements of the hot paths.
	st *statements
}

var _ like.Repository = (*likes)(nil)

// Add is one prepared insert that skips an existing pair, so of racing
// adds the database lets exactly one write. The target's foreign key
// refuses a target that is gone, deleted meanwhile included. On
// PostgreSQL a trigger takes the target's row first (migration
// like_counts), even for a pair already stored: the writes of likes of
// one item take turns, as the updates of its count would anyway.
func (r *likes) Add(ctx context.Context, l like.Like) (bool, error) {
	t, err := likeTableOf(l.Target.Kind, "add like")
	if err != nil {
		return false, err
	}
	q := "INSERT INTO " + string(t.table) + " (user_id, " + string(t.target) + ", created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
	res, err := r.st.exec(ctx, q, l.User.String(), l.Target.ID.String(), r.st.time(l.CreatedAt))
	switch {
	case foreignKeyViolation(err):
		// The user is the caller, who exists: the target is gone.
		return false, like.ErrTargetGone.WithCause(err)
	case err != nil:
		return false, internal(err, "add like")
	}
	n, err := affected(res, "add like")
	return n > 0, err
}

// Remove is one prepared delete on the primary key. On PostgreSQL it
// takes the target's row first, as every write of a like does (see
// lockedTargets): a statement with a subquery, which planning for every
// pair, as an unprepared text would, cost more than running it.
func (r *likes) Remove(ctx context.Context, user id.ID, target like.Target) (bool, error) {
	t, err := likeTableOf(target.Kind, "remove like")
	if err != nil {
		return false, err
	}
	q := "DELETE FROM " + string(t.table) + " WHERE user_id = ? AND " + string(t.target) + " IN (" + t.lockedTargets(r.st.postgres, "?") + ")"
	res, err := r.st.exec(ctx, q, user.String(), target.ID.String())
	if err != nil {
		return false, internal(err, "remove like")
	}
	n, err := affected(res, "remove like")
	return n > 0, err
}

// Counts is one statement: the like counts the targets' rows carry
// (migration like_counts), by their key; a target that is gone counts
// none.
func (r *likes) Counts(ctx context.Context, k like.Kind, targets []id.ID) (map[id.ID]int64, error) {
	t, err := likeTableOf(k, "count likes")
	if err != nil {
		return nil, err
	}
	keys, err := idKeys(targets, "count likes")
	if err != nil {
		return nil, err
	}
	out := make(map[id.ID]int64, len(keys))
	for _, key := range keys {
		out[id.ID(key)] = 0
	}
	if len(keys) == 0 {
		return out, nil
	}
	var rows []struct {
		Target string `bun:"target"`
		N      int64  `bun:"n"`
	}
	q := "SELECT x.id AS target, x.like_count AS n FROM " + string(t.items) + " AS x WHERE x.id IN " + idListPlaceholder
	err = r.st.scan(ctx, &rows, r.st.anyOf(q), r.st.list(keys))
	if err != nil {
		return nil, internal(err, "count likes")
	}
	for _, row := range rows {
		out[id.ID(row.Target)] = row.N
	}
	return out, nil
}

// LikedBy is one statement on the primary key; the targets not liked are
// absent.
func (r *likes) LikedBy(ctx context.Context, user id.ID, k like.Kind, targets []id.ID) (map[id.ID]bool, error) {
	t, err := likeTableOf(k, "liked by")
	if err != nil {
		return nil, err
	}
	keys, err := idKeys(targets, "liked by")
	if err != nil {
		return nil, err
	}
	out := make(map[id.ID]bool)
	if len(keys) == 0 {
		return out, nil
	}
	var found []string
	q := "SELECT " + string(t.target) + " FROM " + string(t.table) +
		" WHERE user_id = ? AND " + string(t.target) + " IN " + idListPlaceholder
	err = r.st.scan(ctx, &found, r.st.anyOf(q), user.String(), r.st.list(keys))
	if err != nil {
		return nil, internal(err, "liked by")
	}
	for _, key := range found {
		out[id.ID(key)] = true
	}
	return out, nil
}

// Figures is one prepared statement: the like counts the targets' rows
// carry (see Counts), and whether the viewer liked each, a lookup in the
// like table's primary key.
func (r *likes) Figures(ctx context.Context, viewer id.ID, k like.Kind, targets []id.ID) (map[id.ID]int64, map[id.ID]bool, error) {
	t, err := likeTableOf(k, "like figures")
	if err != nil {
		return nil, nil, err
	}
	keys, err := idKeys(targets, "like figures")
	if err != nil {
		return nil, nil, err
	}
	counts, liked := make(map[id.ID]int64, len(keys)), make(map[id.ID]bool)
	for _, key := range keys {
		counts[id.ID(key)] = 0
	}
	if len(keys) == 0 {
		return counts, liked, nil
	}
	var rows []struct {
		Target string `bun:"target"`
		N      int64  `bun:"n"`
		Mine   int64  `bun:"mine"`
	}
	q := "SELECT x.id AS target, x.like_count AS n, " +
		"(SELECT count(*) FROM " + string(t.table) + " AS l WHERE l.user_id = ? AND l." + string(t.target) + " = x.id) AS mine " +
		"FROM " + string(t.items) + " AS x WHERE x.id IN " + idListPlaceholder
	if err := r.st.scan(ctx, &rows, r.st.anyOf(q), viewer.String(), r.st.list(keys)); err != nil {
		return nil, nil, internal(err, "like figures")
	}
	for _, row := range rows {
		counts[id.ID(row.Target)] = row.N
		if row.Mine == 1 {
			liked[id.ID(row.Target)] = true
		}
	}
	return counts, liked, nil
}

// RemoveAll is one delete on the target's index. On PostgreSQL it takes
// the targets' rows first, as every write of a like does (see
// lockedTargets), in the order of their keys: a caller that deletes the
// targets themselves, several at once, while it runs must take them in
// that order too.
func (r *likes) RemoveAll(ctx context.Context, k like.Kind, targets []id.ID) (int, error) {
	t, err := likeTableOf(k, "remove likes")
	if err != nil {
		return 0, err
	}
	keys, err := idKeys(targets, "remove likes")
	if err != nil || len(keys) == 0 {
		return 0, err
	}
	res, err := r.db.NewRaw("DELETE FROM ? WHERE ? IN ("+t.lockedTargets(r.st.postgres, "?")+")",
		t.table, t.target, bun.List(keys)).Exec(ctx)
	if err != nil {
		return 0, internal(err, "remove likes")
	}
	return affected(res, "remove likes")
}

// LikedVideos is one prepared statement (likedVideosQuery).
func (r *likes) LikedVideos(ctx context.Context, user id.ID, w list.Window) ([]id.ID, error) {
	w = w.Normal()
	uid := user.String()
	args := []any{uid, uid}
	if w.After != nil {
		args = append(args, r.st.time(w.After.At), w.After.ID.String())
	}
	args = append(args, w.Limit, w.Offset())
	var found []string
	if err := r.st.scan(ctx, &found, likedVideosQuery(r.st.postgres, w.After != nil), args...); err != nil {
		return nil, internal(err, "liked videos")
	}
	out := make([]id.ID, len(found))
	for i, key := range found {
		out[i] = id.ID(key)
	}
	return out, nil
}

// visibleVideoJoin keeps the rows whose video, named by column, the
// viewer may see (videoVisible), by dialect; its one placeholder is the
// viewer. It looks each video up by key: PostgreSQL runs one generic plan
// for every page (see planCacheMode) and would otherwise hash every
// visible video to join them to a page's few rows, so the check is a
// lateral subquery that its LIMIT keeps from being planned as a join.
// SQLite, which plans without statistics, would read each whole row
// through the unique key: it is told to read the index that carries what
// the check needs (migration covering_entries, which the statement
// therefore needs).
func visibleVideoJoin(postgres bool, column string) string {
	if postgres {
		return "JOIN LATERAL (SELECT 1 FROM videos AS v WHERE v.id = " + column + " AND " + videoVisible[true] + " LIMIT 1) AS v ON TRUE"
	}
	return "JOIN videos AS v INDEXED BY videos_visibility_idx ON v.id = " + column + " AND " + videoVisible[false]
}

// likedVideosQuery reads a page of the videos a user liked and may see,
// by dialect and for a keyset page or not: the user's likes on the index
// (user_id, created_at, video_id), each checked for its video's
// visibility (visibleVideoJoin). Its placeholders are the user twice (as
// viewer, then liker), the position of a keyset page, the limit and the
// offset.
func likedVideosQuery(postgres, keyset bool) string {
	q := "SELECT l.video_id FROM video_likes AS l " + visibleVideoJoin(postgres, "l.video_id") + " WHERE l.user_id = ?"
	if keyset {
		q += " AND (l.created_at, l.video_id) < (?, ?)"
	}
	return q + " ORDER BY l.created_at DESC, l.video_id DESC LIMIT ? OFFSET ?"
}

// OnVideosOf is one statement: the sum of the like counts the owner's
// videos carry (migration like_counts), found by the owner's index.
func (r *likes) OnVideosOf(ctx context.Context, owner id.ID, publishedOnly bool) (int64, error) {
	// The sum of bigints is a numeric in PostgreSQL: it is cast back.
	q := "SELECT CAST(coalesce(sum(like_count), 0) AS bigint) FROM videos WHERE owner_id = ?"
	if publishedOnly {
		q += " AND published = TRUE"
	}
	var n int64
	if err := r.db.NewRaw(q, owner.String()).Scan(ctx, &n); err != nil {
		return 0, internal(err, "likes on videos")
	}
	return n, nil
}
