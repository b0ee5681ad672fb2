package sqlstore

import (
	"math"
	"strconv"
	"strings"

	"github.com/stagecast/stagecast/domain/video"
)

// A search of the public videos by upload time reads and orders every match
// to make its page and its total (searchPage): its cost grows with the
// matches, tenfold when the site holds ten times the videos. Where the
// needle is common and its count is kept (searchCounts), the page is first
// looked for in a window of the site's first published videos in the page's
// order (the latest, newest first) instead: a walk of their index that
// checks each row's text and stops with the page. The window is a prefix of
// the list's order, so a full page found in it is the page; otherwise the
// plain statement runs, and counts again.

// searchWindowFactor is how many times the page's depth (its offset, its
// size and one) a search's window walks at most, maxWindow in all: the
// window is read only when the kept count promises twice the depth in it
// (searchWindowWorth), so that a needle held by at least one published
// video in 32 finds its first page in one statement.
const searchWindowFactor = 64

// searchWindowSize is how many of the first published videos in the
// page's order the window of a page depth videos deep walks at most.
func searchWindowSize(depth int) int { return min(depth*searchWindowFactor, maxWindow) }

// searchWindowWorth reports whether the window of a page depth videos
// deep is worth reading for a needle counted as n: spread over time like
// the videos, its matches would put twice the depth in the window.
func searchWindowWorth(n searchCount, depth int) bool {
	return n.published > 0 && depth <= maxWindowDepth &&
		n.matches*int64(searchWindowSize(depth)) >= 2*int64(depth)*n.published
}

// searchMarkColumns read, beside a search's rows, the public videos' mark
// and published total (see searchCounts), from the totals' row of
// video_counts: 0 where it has none, as in a database without videos.
const searchMarkColumns = "coalesce((SELECT search_gen FROM video_counts WHERE owner_id = ''), 0) AS search_mark, " +
	"coalesce((SELECT published FROM video_counts WHERE owner_id = ''), 0) AS search_published"

// searchWindow returns the window statement of the page by offset q of a
// search of the public videos by upload time, with the page's statement
// st, and whether it is worth reading for the count n kept for its
// needle (see searchWindowWorth). Its values are the window's size (on
// SQLite, the offset of its last video: one less), the needle, the page's
// size and one, and its offset.
func (r *videos) searchWindow(q video.Query, st pageStatement, n searchCount) (*pageStatement, bool) {
	depth := st.offset + q.Limit + 1
	if !searchWindowWorth(n, depth) {
		return nil, false
	}
	size, needle := searchWindowSize(depth), any(likeContains(q.Search))
	if !r.st.postgres {
		// SQLite's bound is the window's last video, past the others.
		size, needle = size-1, strings.ToLower(q.Search)
	}
	return &pageStatement{
		text: r.searchWindowText(q.Desc), order: st.order, offset: st.offset,
		args: []any{size, needle, q.Limit + 1, st.offset},
	}, true
}

// searchWindowText is the text of a search window, newest first when
// desc. PostgreSQL walks the window as a subquery whose LIMIT the filter
// cannot pass, so that no plan reads the matches by the search index and
// sorts them; the subquery keeps its order, and the walk stops with the
// page. SQLite would sort a subquery's rows again for the ORDER BY, so
// its walk is bounded by the upload time of the window's last video
// instead, which an index-only walk of the window's keys finds (the
// window holds every video uploaded at that time too: a few more where
// uploads tie). Timed on SQLite, prepared, on a copy of the load bench's
// data at scale 10: that bound costs 43 µs, a min over a subquery of the
// window's times 85.
func (r *videos) searchWindowText(desc bool) string {
	dir := orderWord(desc)
	order := " ORDER BY v.created_at " + dir + ", v.id " + dir
	head := "SELECT " + videosColumns + ", " + searchMarkColumns + " FROM "
	if r.st.postgres {
		return head + "(SELECT * FROM videos AS v WHERE v.published = TRUE" + order + " LIMIT ?) AS v " +
			"WHERE v.search_text LIKE ? ESCAPE '" + likeEscape + "'" + order + " LIMIT ? OFFSET ?"
	}
	// Past a site's last video the bound is the lowest time (the
	// highest, oldest first): the window is the whole site.
	cmp, beyond := ">=", strconv.FormatInt(math.MinInt64, 10)
	if !desc {
		cmp, beyond = "<=", strconv.FormatInt(math.MaxInt64, 10)
	}
	last := "SELECT w.created_at FROM videos AS w WHERE w.published = TRUE" +
		" ORDER BY w.created_at " + dir + ", w.id " + dir + " LIMIT 1 OFFSET ?"
	return head + "videos AS v WHERE v.published = TRUE AND v.created_at " + cmp + " coalesce((" + last + "), " + beyond + ") " +
		"AND instr(v.search_text, ?) > 0" + order + " LIMIT ? OFFSET ?"
}
