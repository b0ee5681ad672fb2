package sqlstore

import (
	"context"
	"strings"

	"github.com/stagecast/stagecast/domain/video"
)

// videosColumns are the columns of a video row that make a video.Video,
// and its like count: all but search_text, which only searches read (see
// videoColumnsAs).
var videosColumns = videoColumnsAs("")

// videoColumnsAs lists the columns of videosColumns for reading into a
// videoRow embedded with the tag bun:"embed:prefix".
func videoColumnsAs(prefix string) string {
	return columnsExcept((*videoRow)(nil), "v", prefix, "search_text")
}

// pageStatement is the statement of a page of videos with its values,
// and what finishing the page needs: the page's offset, and the statement
// that counts the list when no row tells its total.
type pageStatement struct {
	text, countSQL  string
	args, countArgs []any
	offset          int
	// order is the ORDER BY's direction.
	order string
	// counted, when set, is the key of a search's count among the kept
	// ones (searchCounts): the rows carry the public videos' mark.
	counted string
	// window, when set, is a statement of the same page that is cheaper
	// when it answers: it is run first, and this one only when its rows
	// are not the page (see feedWindowText and windowAnswered).
	window *pageStatement
}

// pageOfVideos builds the statement of the page q selects. Each row
// carries the list's total: without search, read from the counts the
// database maintains (migrations video_counts and feed_counts) rather
// than by counting the list; with one, counted with the matches the page
// orders (searchPage). A statement of its own counts only when no row
// could carry it (past the end, or a keyset page of a search) and the
// page does not tell the total.
// col is the sort column, a constant.
func (r *videos) pageOfVideos(q video.Query, col string) pageStatement {
	sqlite := !r.st.postgres
	var (
		filters []string
		args    []any
	)
	if !q.Owner.IsZero() {
		filters, args = append(filters, "v.owner_id = ?"), append(args, q.Owner.String())
	}
	if !q.FollowedBy.IsZero() {
		// The follower's index on follows answers the subquery.
		filters = append(filters, "v.owner_id IN (SELECT following_id FROM follows WHERE follower_id = ?)")
		args = append(args, q.FollowedBy.String())
	}
	if q.PublishedOnly {
		filters = append(filters, besideSearch(sqlite, "v.published", q.Search)+" = TRUE")
	}
	if q.Search != "" {
		clause, searchArgs := containsClause(sqlite, videosSearch, "v.id", "v.search_text", q.Search)
		filters, args = append(filters, clause), append(args, searchArgs...)
	}

	st := pageStatement{order: orderWord(q.Desc)}
	if latestFeed(q, col) {
		return r.latestFeedPage(q, st)
	}
	if r.st.postgres && feedOnly(q, col) && (q.After != nil || pageOffset(q.Page, q.Limit)+q.Limit < maxFeedDepth) {
		return r.feedPage(q, st)
	}
	where, pageArgs := filters, args
	if q.After != nil {
		cond, afterArgs := r.afterPosition(q, col)
		where = append(where[:len(where):len(where)], cond)
		pageArgs = append(args[:len(args):len(args)], afterArgs...)
	} else {
		st.offset = pageOffset(q.Page, q.Limit)
	}
	st.countSQL, st.countArgs = r.countQuery(q, filters, args)
	if q.Search != "" && q.After == nil {
		if key, ok := r.counts.key(q); ok {
			st.counted = key
			if n, ok := r.counts.get(key); ok && col == "created_at" {
				st.window, _ = r.searchWindow(q, st, n)
			}
		}
		matches, matchArgs := "SELECT v.id, v."+col+" FROM videos AS v"+whereClause(where), pageArgs
		if keyedSearch(sqlite, q, col) {
			matches, matchArgs = keyedMatches(q)
		}
		st.text, st.args = r.searchPage(matches, col, st.order, st.counted != ""), append(matchArgs, q.Limit+1, st.offset)
		return st
	}
	text := "SELECT " + videosColumns
	if q.Search == "" {
		// The count's placeholders come first: its subquery is in the
		// column list, before the WHERE clause.
		text += ", (" + st.countSQL + ") AS list_total"
		pageArgs = append(st.countArgs[:len(st.countArgs):len(st.countArgs)], pageArgs...)
	}
	// A keyset page of a search selects only the matches after its
	// position: it is counted apart (finishTotal).
	text += " FROM videos AS v" + whereClause(where)
	text += " ORDER BY v." + col + " " + st.order + ", v.id " + st.order + " LIMIT ? OFFSET ?"
	st.text, st.args = text, append(pageArgs, q.Limit+1, st.offset)
	return st
}

// searchPage is the statement of a search's page by offset, whose
// placeholders are those of matches, then the limit and the offset.
// matches selects the id and the sort key col of every match. A search
// reads every match to order them anyway, so the same pass counts them,
// where a count of its own would search again. The matches are gathered
// narrow, once: the count counts them, and only the page's few rows are
// read whole, by key. Ordering and counting whole rows (a window over the
// matches) cost twice as much. PostgreSQL looks each row up laterally, as
// ownerJoin does, rather than plan a join that would hash the whole table.
//
// With marked, the rows also carry the public videos' mark and published
// total, with which searchCounts keeps the count.
func (r *videos) searchPage(matches, col, order string, marked bool) string {
	row := "JOIN videos AS v ON v.id = m.id"
	if r.st.postgres {
		row = "JOIN LATERAL (SELECT * FROM videos WHERE videos.id = m.id LIMIT 1) AS v ON TRUE"
	}
	by := col + " " + order + ", id " + order
	columns := videosColumns + ", (SELECT count(*) FROM matches) AS list_total"
	if marked {
		columns += ", " + searchMarkColumns
	}
	return "WITH matches AS MATERIALIZED (" + matches + ") " +
		"SELECT " + columns + " " +
		"FROM (SELECT id, " + col + " FROM matches ORDER BY " + by + " LIMIT ? OFFSET ?) AS m " + row +
		" ORDER BY m." + col + " " + order + ", m.id " + order
}

// keyedSearch reports whether the matches of the search q, a page by
// offset in the order col, can be read from SQLite's search index and its
// keys alone (keyedMatches): the index narrows the needle and finds
// exactly the rows that hold it (indexExact), the order is the upload
// time, and no filter but publication applies, which the keys carry too
// (migration search_keys_order).
func keyedSearch(sqlite bool, q video.Query, col string) bool {
	return indexNarrows(sqlite, q.Search) && indexExact(q.Search) &&
		col == "created_at" && q.Owner.IsZero() && q.FollowedBy.IsZero() && q.After == nil
}

// keyedMatches selects the id and upload time of each match of the search
// q (see keyedSearch), from the index's matches and their keys: no video
// row is read, where the statement of containsClause looks each match's
// row up and checks its text again.
func keyedMatches(q video.Query) (string, []any) {
	ix := videosSearch
	text := "SELECT k.id, k.created_at FROM " + ix.fts + " JOIN " + ix.keys + " AS k ON k.key = " + ix.fts + ".rowid" +
		" WHERE " + ix.fts + " MATCH ?"
	if q.PublishedOnly {
		text += " AND k.published = TRUE"
	}
	return text, []any{ftsPhrase(strings.ToLower(q.Search))}
}

// finishTotal sets the total of a page that does not tell it: the one
// its rows carried, or else counted by a statement of its own.
func (r *videos) finishTotal(ctx context.Context, page *video.Page, known bool, carried int64, q video.Query, st pageStatement) error {
	switch {
	case known:
	case len(page.Items) > 0 && (q.Search == "" || q.After == nil):
		page.Total = int(carried)
	default:
		// A keyset page of a search, or past the end, where no row
		// carried the total.
		var n int64
		if err := r.st.scanOne(ctx, &n, st.countSQL, st.countArgs...); err != nil {
			return internal(err, "count videos")
		}
		page.Total = int(n)
	}
	return nil
}

// whereClause joins conditions into a WHERE clause, or nothing.
func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// afterPosition is the condition that a video v comes after the
// position of the keyset page q in the order of col, and its values. The
// row comparison matches the ORDER BY, which both databases evaluate as
// one range of the list's index.
func (r *videos) afterPosition(q video.Query, col string) (string, []any) {
	return afterCondition(col, q.Desc), []any{r.afterValue(q), q.After.ID.String()}
}

// afterCondition is the text of afterPosition's condition, for a list in
// the order of col, newest or largest first when desc.
func afterCondition(col string, desc bool) string {
	dir := ">"
	if desc {
		dir = "<"
	}
	return "(v." + col + ", v.id) " + dir + " (?, ?)"
}

// orderWord is the ORDER BY direction of desc.
func orderWord(desc bool) string {
	if desc {
		return "DESC"
	}
	return "ASC"
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

// countQuery is the statement that reads the size of the list q selects,
// whose filters (without a keyset position) and their values are given,
// and its values. Without search the size comes from the counts the
// database maintains: one row for an owner's list or the public one
// (migration video_counts), one for a subscription feed (migration
// feed_counts). A search is counted, and so are the lists no route asks
// for: the followed owners' videos published or not, or one owner's.
func (r *videos) countQuery(q video.Query, filters []string, args []any) (string, []any) {
	column := "videos"
	if q.PublishedOnly {
		column = "published"
	}
	switch {
	case q.Search != "" || (!q.FollowedBy.IsZero() && (!q.Owner.IsZero() || !q.PublishedOnly)):
		return "SELECT count(*) FROM videos AS v" + whereClause(filters), args
	case !q.FollowedBy.IsZero() && q.PublishedOnly:
		// The feed's total, kept by migration feed_counts.
		return totalSQL, []any{feedList, q.FollowedBy.String()}
	default:
		// The row of owner '' holds the totals of all owners; an owner
		// without videos may have no row.
		return "SELECT coalesce(max(" + column + "), 0) FROM video_counts WHERE owner_id = ?", []any{q.Owner.String()}
	}
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

// countedVideoRow is a video row of a page with the size of the whole
// list (zero on a keyset page of a search, which reads no total).
type countedVideoRow struct {
	videoRow

	ListTotal int64 `bun:"list_total"`
	// SearchMark and SearchPublished are the public videos' mark and
	// published total, which a search's rows carry (searchMarkColumns).
	SearchMark      int64 `bun:"search_mark"`
	SearchPublished int64 `bun:"search_published"`
}
