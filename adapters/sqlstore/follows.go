package sqlstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
)

// followRow is a row of follows.
type followRow struct {
	bun.BaseModel `bun:"table:follows,alias:f"`

	ID          string `bun:"id,pk"`
	FollowerID  string `bun:"follower_id"`
	FollowingID string `bun:"following_id"`
	CreatedAt   msTime `bun:"created_at"`
}

func (r *followRow) follow() follow.Follow {
	return follow.Follow{ID: id.ID(r.ID), Follower: id.ID(r.FollowerID), Following: id.ID(r.FollowingID), CreatedAt: r.CreatedAt.Time()}
}

// follows implements follow.Repository.
type follows struct {
	db bun.IDB
	// st runs the prepared statements of the hot paths.
	st *statements
}

var _ follow.Repository = (*follows)(nil)

// Add is one insert that skips an existing pair, so of racing adds the
// database lets exactly one write, and the others report false.
func (r *follows) Add(ctx context.Context, f follow.Follow) (bool, error) {
	row := &followRow{ID: f.ID.String(), FollowerID: f.Follower.String(), FollowingID: f.Following.String(), CreatedAt: msTime(f.CreatedAt)}
	res, err := r.db.NewInsert().Model(row).On("CONFLICT (follower_id, following_id) DO NOTHING").Exec(ctx)
	switch {
	case foreignKeyViolation(err):
		// The follower is the caller: the account followed is gone.
		return false, user.ErrNotFound.WithCause(err)
	case err != nil:
		return false, internal(err, "add follow")
	}
	n, err := affected(res, "add follow")
	return n > 0, err
}

// Remove deletes the pair, in one statement. On PostgreSQL the statement
// first takes the followed owner's row of video_counts (feed_lock_owner,
// migration feed_counts), in a subquery the delete joins: the follow's row
// is locked only as it is deleted, after the join produced it, so the
// owner's counts come first, in the order a publication by the owner
// takes them (it takes the counts, then the owner's follows). The other
// order, the delete's trigger taking the counts after the follow's row,
// could make each wait for the other.
func (r *follows) Remove(ctx context.Context, follower, following id.ID) (bool, error) {
	q := r.db.NewDelete().Model((*followRow)(nil)).
		Where("follower_id = ? AND following_id = ?", follower.String(), following.String())
	if r.st.postgres {
		q = q.TableExpr("(SELECT feed_lock_owner(?)) AS owner_lock", following.String())
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return false, internal(err, "remove follow")
	}
	n, err := affected(res, "remove follow")
	return n > 0, err
}

// Followers reads the index on (following_id, created_at, id).
func (r *follows) Followers(ctx context.Context, q follow.Query) (list.Page[follow.Follow], error) {
	return r.list(ctx, q, "following_id", "followers", "list followers")
}

// Following reads the index on (follower_id, created_at, id).
func (r *follows) Following(ctx context.Context, q follow.Query) (list.Page[follow.Follow], error) {
	return r.list(ctx, q, "follower_id", "following", "list followings")
}

// list pages the follows whose column (a constant) is q.User; countedAs names
// their count in list_counts.
func (r *follows) list(ctx context.Context, q follow.Query, column, countedAs, op string) (list.Page[follow.Follow], error) {
	rows, more, total, err := readPage[counted[followRow]](ctx, r.st, q.Window, followsSpec(q, column, countedAs, op))
	if err != nil {
		return list.Page[follow.Follow]{}, err
	}
	page := list.Page[follow.Follow]{Items: make([]follow.Follow, len(rows)), Total: total, More: more}
	for i := range rows {
		page.Items[i] = rows[i].Row.follow()
	}
	return page, nil
}

// followsSpec is the list of the follows whose column (a constant) is
// q.User, counted in list_counts as countedAs.
func followsSpec(q follow.Query, column, countedAs, op string) pageSpec {
	return pageSpec{
		op: op, from: "follows AS f", columns: followColumns,
		where: []string{"f." + column + " = ?"}, args: []any{q.User.String()},
		order: timeOrder{at: "f.created_at", id: "f.id", desc: q.Desc},
		total: &listTotal{list: countedAs, subject: q.User.String()},
	}
}

// followCountsQuery reads the followers and followings of a list of users
// from list_counts (migration list_counts), one row per count stored; its
// placeholder is the id list (see anyOf).
const followCountsQuery = "SELECT list, subject, items FROM list_counts " +
	"WHERE list IN ('followers', 'following') AND subject IN " + idListPlaceholder

// Counts is one prepared statement over the counts list_counts keeps, so
// a profile costs the same whatever its followers.
func (r *follows) Counts(ctx context.Context, users []id.ID) (map[id.ID]follow.Counts, error) {
	keys, err := idKeys(users, "count follows")
	if err != nil {
		return nil, err
	}
	out := make(map[id.ID]follow.Counts, len(keys))
	for _, k := range keys {
		out[id.ID(k)] = follow.Counts{}
	}
	if len(keys) == 0 {
		return out, nil
	}
	var rows []struct {
		List    string `bun:"list"`
		Subject string `bun:"subject"`
		Items   int64  `bun:"items"`
	}
	if err := r.st.scan(ctx, &rows, r.st.anyOf(followCountsQuery), r.st.list(keys)); err != nil {
		return nil, internal(err, "count follows")
	}
	for _, row := range rows {
		// PostgreSQL's char(24) subject comes back as stored: 24 hex digits.
		u := id.ID(row.Subject)
		c, ok := out[u]
		if !ok {
			continue
		}
		if row.List == "followers" {
			c.Followers = row.Items
		} else {
			c.Following = row.Items
		}
		out[u] = c
	}
	return out, nil
}

// Follows is one statement on the pair's unique index; the targets not
// followed are absent.
func (r *follows) Follows(ctx context.Context, follower id.ID, targets []id.ID) (map[id.ID]bool, error) {
	keys, err := idKeys(targets, "follows")
	if err != nil {
		return nil, err
	}
	out := make(map[id.ID]bool)
	if len(keys) == 0 {
		return out, nil
	}
	var found []string
	err = r.db.NewSelect().Model((*followRow)(nil)).Column("following_id").
		Where("follower_id = ? AND following_id IN (?)", follower.String(), bun.List(keys)).
		Scan(ctx, &found)
	if err != nil {
		return nil, internal(err, "follows")
	}
	for _, k := range found {
		out[id.ID(k)] = true
	}
	return out, nil
}

var _ app.FollowPages = (*follows)(nil)

// FollowersPage reads the page Followers reads with its subject and each
// follower, in one statement (see page).
func (r *follows) FollowersPage(ctx context.Context, q follow.Query) (app.FollowList, error) {
	return r.page(ctx, q, "following_id", "follower_id", "followers", "list followers")
}

// FollowingPage reads the page Following reads with its subject and each
// user followed, in one statement (see page).
func (r *follows) FollowingPage(ctx context.Context, q follow.Query) (app.FollowList, error) {
	return r.page(ctx, q, "follower_id", "following_id", "following", "list followings")
}

// subjectColumns are the columns of a follow list's subject, the user
// whose list it is: its public profile and whether it is verified, which
// tells who may see it; not its address, password hash or search text.
var subjectColumns = columnsExcept((*userRow)(nil), "s", "s_", "email", "password_hash", "profile_image_key", "search_text")

// subjectFollowRow is a row of page's statement: the subject, and a follow
// of the page with its total and the account on its other side (NULL
// columns for a subject whose page is empty, and for an account that is
// gone).
type subjectFollowRow struct {
	Subject   userRow   `bun:"embed:s_"`
	Follow    followRow `bun:"embed:"`
	ListTotal int64     `bun:"list_total"`
	Other     userRow   `bun:"embed:u_"`
}

func (r *subjectFollowRow) listTotal() int64 { return r.ListTotal }

// followsPageQuery is the statement of page: the page's own, inner, in
// the order dir, with its rows' other side, the accounts its column other
// names, and the subject, whose id is the last placeholder.
func followsPageQuery(postgres bool, inner, other, dir string) string {
	return "SELECT " + subjectColumns + ", p.*, " + authorColumns +
		" FROM users AS s LEFT JOIN (" + inner + ") AS p ON TRUE " + ownerJoin(postgres, "p."+other) +
		" WHERE s.id = ? ORDER BY p.created_at " + dir + ", p.id " + dir
}

// page reads the subject q.User, the page list reads (its column, and
// countedAs, as there) and the public columns of the account each follow's
// other column names, in one prepared statement: the page's own, unchanged
// as a subquery so that it keeps its plan, joined to the subject's row by
// key, and each of its rows to its other side as ownerJoin joins owners. The
// subject's row comes whether the page has rows or not, so that an empty
// page still tells whether the user exists.
func (r *follows) page(ctx context.Context, q follow.Query, column, other, countedAs, op string) (app.FollowList, error) {
	s := followsSpec(q, column, countedAs, op)
	inner, args, dir := pageQuery(r.st, q.Window, s)
	// The subject's row comes with every row of the page, or alone.
	rows := pageRows[subjectFollowRow](q.Window.Normal().Limit)
	if err := r.st.scan(ctx, &rows, followsPageQuery(r.st.postgres, inner, other, dir), append(args, q.User.String())...); err != nil {
		return app.FollowList{}, internal(err, op)
	}
	if len(rows) == 0 {
		return app.FollowList{}, user.ErrNotFound
	}
	subject := rows[0].Subject.user()
	if rows[0].Follow.ID == "" {
		rows = rows[:0] // the subject alone: an empty page
	}
	rows, more, total, err := finishPage(ctx, r.st, q.Window, s, rows)
	if err != nil {
		return app.FollowList{}, err
	}
	out := app.FollowList{Subject: subject, Others: make([]*user.User, len(rows))}
	out.Page = list.Page[follow.Follow]{Items: make([]follow.Follow, len(rows)), Total: total, More: more}
	others := make(ownerCache, len(rows))
	for i := range rows {
		out.Items[i] = rows[i].Follow.follow()
		out.Others[i] = others.of(&rows[i].Other)
	}
	return out, nil
}
