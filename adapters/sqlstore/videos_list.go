package sqlstore

import (
	"context"
	"math"
	"strings"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/video"
)

// List returns one page of the videos q selects. Pages are either offset
// pages (Page) or keyset pages (After): a keyset page continues strictly
// after a position in the list's total order (sort column, then id in the
// same direction), so videos added since the previous page neither repeat
// nor push items out of the walk.
func (r *videos) List(ctx context.Context, q video.Query) (video.Page, error) {
	q.Limit = clampLimit(q.Limit)
	col, err := sortColumn(q.Sort)
	if err != nil {
		return video.Page{}, err
	}
	if !text.Storable(q.Search) {
		// No stored text holds NUL or invalid UTF-8, and bun cannot write
		// them in a literal as they are: nothing matches.
		return video.Page{Items: []*video.Video{}}, nil
	}
	if q.Search == "" && r.st != nil {
		return r.listPrepared(ctx, q, col)
	}
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}

	var rows []videoRow
	sel := filterVideos(r.db.NewSelect().Model(&rows), q).
		OrderExpr(col + " " + dir + ", id " + dir).
		Limit(int64(q.Limit + 1))
	offset := 0
	if q.After != nil {
		sel = afterPosition(sel, col, q)
	} else {
		offset = pageOffset(q.Page, q.Limit)
		sel = sel.Offset(int64(offset))
	}
	if err := sel.Scan(ctx); err != nil {
		return video.Page{}, internal(err, "list videos")
	}

	page, known := pageOf(len(rows), func(i int) *video.Video { return rows[i].video() }, q, offset)
	if known {
		return page, nil
	}
	// Count the whole selection, whatever the page or cursor.
	n, err := filterVideos(r.db.NewSelect().Model((*videoRow)(nil)), q).Count(ctx)
	if err != nil {
		return video.Page{}, internal(err, "count videos")
	}
	page.Total = int(n)
	return page, nil
}

// filterVideos adds the WHERE clauses of q's filters, shared by the page and
// the count.
func filterVideos(sel *bun.SelectQuery, q video.Query) *bun.SelectQuery {
	if !q.Owner.IsZero() {
		sel = sel.Where("owner_id = ?", q.Owner.String())
	}
	if !q.FollowedBy.IsZero() {
		// One statement: the follower's index on follows answers the
		// subquery.
		sel = sel.Where("owner_id IN (SELECT following_id FROM follows WHERE follower_id = ?)", q.FollowedBy.String())
	}
	if q.PublishedOnly {
		sel = sel.Where(besideSearch(sel, "published", q.Search)+" = ?", true)
	}
	if q.Search != "" {
		sel = whereContains(sel, videosSearch, "id", "search_text", q.Search)
	}
	return sel
}

// likeEscape escapes LIKE wildcards. It is not the backslash so that no
// dialect's string-literal rules come into play.
const likeEscape = "!"

// likeContains returns the LIKE pattern matching needle, lowered like
// search_text, as a literal substring: its wildcards and escape character
// are escaped, so "%", "_" and "\" match themselves.
func likeContains(needle string) string {
	r := strings.NewReplacer(likeEscape, likeEscape+likeEscape, "%", likeEscape+"%", "_", likeEscape+"_")
	return "%" + r.Replace(strings.ToLower(needle)) + "%"
}

// afterPosition keeps the rows strictly after q.After in q's order. The row
// comparison matches the ORDER BY (the same columns, one direction), which
// both databases evaluate as one index range.
func afterPosition(sel *bun.SelectQuery, col string, q video.Query) *bun.SelectQuery {
	op := ">"
	if q.Desc {
		op = "<"
	}
	p := q.After
	var value any
	switch q.Sort {
	case video.SortViews:
		value = p.Views
	case video.SortDuration:
		value = p.Duration
	case video.SortTitle:
		value = p.Title
	default:
		value = msTime(p.CreatedAt)
	}
	return sel.Where("("+col+", id) "+op+" (?, ?)", value, p.ID.String())
}

// sortColumn maps a sort field to its column; the zero field is the
// default order, by upload time. Only these constants reach the SQL.
func sortColumn(f video.SortField) (string, error) {
	switch f {
	case video.SortCreatedAt, "":
		return "created_at", nil
	case video.SortViews:
		return "views", nil
	case video.SortDuration:
		return "duration", nil
	case video.SortTitle:
		// The column is COLLATE "C" in PostgreSQL and BINARY in SQLite:
		// byte-wise in both.
		return "title", nil
	}
	return "", errs.New(errs.Internal, "sqlstore: list videos: unknown sort field "+string(f))
}

// clampLimit keeps a list limit within 1..video.MaxLimit; callers validate
// their input, this only keeps a bad value from becoming a huge read.
func clampLimit(limit int) int {
	return min(max(limit, 1), video.MaxLimit)
}

// maxPage bounds page numbers so that the offset cannot overflow; any page
// that large is past the end of every list anyway.
const maxPage = math.MaxInt32

// pageOffset returns the offset of a 1-based page; pages below 1 are the
// first.
func pageOffset(page, limit int) int {
	return (min(max(page, 1), maxPage) - 1) * limit
}
