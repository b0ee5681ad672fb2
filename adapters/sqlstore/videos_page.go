package sqlstore

import (
	"context"
	"strings"

	"github.com/stagecast/stagecast/domain/video"
)

// videosColumns are the columns of whole video rows.
var videosColumns = columnsOf((*videoRow)(nil), "v", "")

// listPrepared reads a page of a list without search, the lists every
// visitor and member reads, in one prepared statement: the page, each row
// with the total from the maintained counts rather than by counting the
// list. col is the sort column, a constant.
func (r *videos) listPrepared(ctx context.Context, q video.Query, col string) (video.Page, error) {
	dir, op := "ASC", ">"
	if q.Desc {
		dir, op = "DESC", "<"
	}
	var (
		where []string
		args  []any
	)
	if !q.Owner.IsZero() {
		where, args = append(where, "v.owner_id = ?"), append(args, q.Owner.String())
	}
	if !q.FollowedBy.IsZero() {
		// The follower's index on follows answers the subquery.
		where = append(where, "v.owner_id IN (SELECT following_id FROM follows WHERE follower_id = ?)")
		args = append(args, q.FollowedBy.String())
	}
	if q.PublishedOnly {
		where = append(where, "v.published = TRUE")
	}
	offset := 0
	if q.After != nil {
		// The row comparison matches the ORDER BY, which both databases
		// evaluate as one range of the list's index.
		where = append(where, "(v."+col+", v.id) "+op+" (?, ?)")
		args = append(args, r.afterValue(q), q.After.ID.String())
	} else {
		offset = pageOffset(q.Page, q.Limit)
	}
	countSQL, countArgs := r.countQuery(q)
	text := "SELECT " + videosColumns + ", (" + countSQL + ") AS list_total FROM videos AS v"
	if len(where) > 0 {
		text += " WHERE " + strings.Join(where, " AND ")
	}
	text += " ORDER BY v." + col + " " + dir + ", v.id " + dir + " LIMIT ? OFFSET ?"
	// The count's placeholders come first: its subquery is in the column
	// list, before the WHERE clause.
	args = append(append(countArgs, args...), q.Limit+1, offset)

	var rows []countedVideoRow
	if err := r.st.scan(ctx, &rows, text, args...); err != nil {
		return video.Page{}, internal(err, "list videos")
	}
	page, known := pageOf(len(rows), func(i int) *video.Video { return rows[i].video() }, q, offset)
	switch {
	case known:
	case len(rows) > 0:
		page.Total = int(rows[0].ListTotal)
	default:
		// Past the end: no row carried the total.
		var n int64
		if err := r.st.scanOne(ctx, &n, countSQL, countArgs...); err != nil {
			return video.Page{}, internal(err, "count videos")
		}
		page.Total = int(n)
	}
	return page, nil
}

// pageOf makes the page of the n rows of a statement that read one row
// more than q.Limit: the first q.Limit are its items, and one more tells
// that more follow. It sets the total when the page tells it, a last
// offset page that is not past the end, and reports whether it did.
func pageOf(n int, item func(i int) *video.Video, q video.Query, offset int) (page video.Page, known bool) {
	page.Items = make([]*video.Video, 0, min(n, q.Limit))
	if n > q.Limit {
		page.More, n = true, q.Limit
	}
	for i := range n {
		page.Items = append(page.Items, item(i))
	}
	if q.After == nil && !page.More && (n > 0 || offset == 0) {
		page.Total, known = offset+n, true
	}
	return page, known
}

// countedVideoRow is a video row of a page with the size of the whole list.
type countedVideoRow struct {
	videoRow

	ListTotal int64 `bun:"list_total"`
}

// afterValue is the sort column's value at a keyset page's position.
func (r *videos) afterValue(q video.Query) any {
	p := q.After
	switch q.Sort {
	case video.SortViews:
		return p.Views
	case video.SortDuration:
		return p.Duration
	case video.SortTitle:
		return p.Title
	}
	return r.st.time(p.CreatedAt)
}

// countQuery reads the size of a list without search from the counts the
// database maintains (migration video_counts): one row for an owner's list
// or the public one, one row per followed owner for a subscription feed.
// It is a subquery of the page's statement, so a page is one statement.
func (r *videos) countQuery(q video.Query) (string, []any) {
	column := "videos"
	if q.PublishedOnly {
		column = "published"
	}
	switch {
	case !q.FollowedBy.IsZero() && !q.Owner.IsZero():
		// No list asks for both; count the list rather than guess.
		text := "SELECT count(*) FROM videos AS c WHERE c.owner_id = ? " +
			"AND c.owner_id IN (SELECT following_id FROM follows WHERE follower_id = ?)"
		if q.PublishedOnly {
			text += " AND c.published = TRUE"
		}
		return text, []any{q.Owner.String(), q.FollowedBy.String()}
	case !q.FollowedBy.IsZero():
		return "SELECT coalesce(sum(c." + column + "), 0) FROM follows AS f " +
			"JOIN video_counts AS c ON c.owner_id = f.following_id WHERE f.follower_id = ?", []any{q.FollowedBy.String()}
	default:
		// The row of owner '' holds the totals of all owners; an owner
		// without videos has no row.
		return "SELECT coalesce(max(" + column + "), 0) FROM video_counts WHERE owner_id = ?", []any{q.Owner.String()}
	}
}
