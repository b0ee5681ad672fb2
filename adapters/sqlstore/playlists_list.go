package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/video"
)

// summaryRow is a playlist with what its viewer sees of its videos.
type summaryRow struct {
	playlistRow

	Videos   sql.NullInt64  `bun:"video_count"`
	CoverURL sql.NullString `bun:"cover_url"`
	CoverKey sql.NullString `bun:"cover_key"`
	// VideoIDs are the ids of the visible videos, when the statement
	// lists them (summaryColumns).
	VideoIDs sql.NullString `bun:"video_ids"`
	// CoverID is the cover's video id, when the statement does not list
	// the ids (summaryColumns).
	CoverID sql.NullString `bun:"cover_id"`
}

// videoVisible is the condition that v is a video the viewer may see
// (published, or theirs), by dialect (postgres or not); its placeholder is
// the viewer. SQLite's columns are "+v.…", which no index serves: it plans
// without statistics, and would answer the OR by reading every published
// video through two of the videos' indexes, where the liked videos' pages
// look each like's video up by its key. A playlist's entries carry what
// the condition reads (entryVisible).
var videoVisible = map[bool]string{
	false: "(+v.published = TRUE OR +v.owner_id = ?)",
	true:  "(v.published = TRUE OR v.owner_id = ?)",
}

// visibleEntryOf selects the entries of the playlist p whose video the
// viewer may see (entryVisible), from the entries' index alone; the
// correlated subqueries of a summary share it.
const visibleEntryOf = "FROM playlist_videos AS pv WHERE pv.playlist_id = p.id AND " + entryVisible

// List reads the page of summaries in one statement (see readSummaries),
// with its total where list_counts keeps it (playlistsTotal), and a count
// otherwise when the page cannot tell the total (see finishPage).
func (r *playlists) List(ctx context.Context, q playlist.Query) (list.Page[playlist.Summary], error) {
	if !text.Storable(q.Search) {
		// No stored text holds NUL or invalid UTF-8: nothing matches.
		return list.Page[playlist.Summary]{Items: []playlist.Summary{}}, nil
	}
	rows, more, total, err := r.readSummaries(ctx, q)
	if err != nil {
		return list.Page[playlist.Summary]{}, err
	}
	page := list.Page[playlist.Summary]{Items: make([]playlist.Summary, len(rows)), Total: total, More: more}
	for i := range rows {
		page.Items[i] = rows[i].summary(q.WithVideoIDs)
	}
	return page, nil
}

// summary is the summary the row tells, with its video ids when the
// statement listed them (withIDs): none for a playlist without a visible
// entry, whose video_ids is NULL or empty (see summaryColumns).
func (row *summaryRow) summary(withIDs bool) playlist.Summary {
	s := playlist.Summary{
		Playlist: row.playlist(),
		Videos:   int(row.Videos.Int64),
		Cover:    video.Media{URL: row.CoverURL.String, Key: row.CoverKey.String},
	}
	if !withIDs {
		return s
	}
	s.VideoIDs = []id.ID{}
	if row.VideoIDs.String != "" {
		ids := strings.Split(row.VideoIDs.String, ",")
		s.VideoIDs = make([]id.ID, len(ids))
		for j, v := range ids {
			s.VideoIDs[j] = id.ID(v)
		}
	}
	s.Videos = len(s.VideoIDs)
	return s
}

// summariesSpec is the page of playlists q selects, without its columns.
func (r *playlists) summariesSpec(q playlist.Query) pageSpec {
	where, args := r.filterPlaylists(q)
	return pageSpec{
		op: "list playlists", from: "playlists AS p", where: where, args: args,
		order: timeOrder{at: "p.created_at", id: "p.id", desc: true},
		total: playlistsTotal(q),
	}
}

// playlistsTotal names the count list_counts keeps of the playlists q
// selects (migration playlist_counts): an owner's, or an owner's published
// ones. A search, and the playlists of everyone, which no route lists
// without one, are counted: a count of everyone's would be one row that
// every write of a playlist waits for.
func playlistsTotal(q playlist.Query) *listTotal {
	switch {
	case q.Search != "" || q.Owner.IsZero():
		return nil
	case q.PublishedOnly:
		return &listTotal{list: "published_playlists", subject: q.Owner.String()}
	}
	return &listTotal{list: "playlists", subject: q.Owner.String()}
}

// filterPlaylists returns the conditions of q's filters and their values.
func (r *playlists) filterPlaylists(q playlist.Query) (where []string, args []any) {
	sqlite := !r.st.postgres
	if !q.Owner.IsZero() {
		where, args = append(where, "p.owner_id = ?"), append(args, q.Owner.String())
	}
	if q.PublishedOnly {
		where = append(where, besideSearch(sqlite, "p.published", q.Search)+" = TRUE")
	}
	if q.Search != "" {
		clause, searchArgs := containsClause(sqlite, playlistsSearch, "p.id", "p.search_text", q.Search)
		where, args = append(where, clause), append(args, searchArgs...)
	}
	return where, args
}

// summaryColumns are the columns a summary adds to its playlist p, by
// dialect (postgres) and by whether the video ids are asked for (withIDs),
// all read from the entries' index alone, which carries each entry's
// video id and the video's publication and owner (migration
// entry_visibility), which tell whether the viewer may see it
// (entryVisible). With the ids, they are the visible ids joined by commas
// in the playlist's order (ids are 24 hex digits, which no comma is
// among; none is NULL on SQLite and an empty text on PostgreSQL), which
// tell the count and the cover as well; without, the count and the first
// visible id. Either way cover_of is the cover's video id as coverJoin
// reads it from the row q. Each of their placeholders is the viewer.
func summaryColumns(postgres, withIDs bool) (columns string, placeholders int, coverOf string) {
	if !withIDs {
		return "(SELECT count(*) " + visibleEntryOf + ") AS video_count, " +
			"(SELECT pv.video_id " + visibleEntryOf + " ORDER BY pv.position LIMIT 1) AS cover_id", 2, "q.cover_id"
	}
	if postgres {
		// An array of the entries in the index's order, where an ordered
		// string_agg sorts each playlist's entries again (PostgreSQL 15
		// does not feed it presorted rows): a page of ten playlists of 20
		// videos cost 103 µs where string_agg cost 196 (pgbench, prepared).
		// An empty array joins to an empty text rather than NULL.
		return "array_to_string(ARRAY(SELECT pv.video_id " + visibleEntryOf + " ORDER BY pv.position), ',') AS video_ids", 1,
			"left(q.video_ids, " + idDigits + ")::char(" + idDigits + ")"
	}
	// SQLite sorts an ordered group_concat's input in a temporary b-tree
	// of its own, even when the input comes in that order. Here
	// group_concat takes the rows of the subquery e as they come, which
	// SQLite's documentation leaves unordered. They come in the
	// playlist's order all the same: e walks the entries' index in that
	// order, and SQLite keeps the ORDER BY of a FROM subquery under an
	// aggregate other than count, min or max, and always when the
	// subquery is the outer query's only table and that query has no
	// ORDER BY of its own (select.c), both the case here. The store's
	// contract suite checks that order, of entries added out of their
	// ids' order, on the SQLite this module builds with. A page of ten
	// playlists of 20 videos cost 205 to 233 µs of CPU where the ordered
	// aggregate cost 243 to 280 (prepared, four goroutines on two cores,
	// 20,000 videos).
	return "(SELECT group_concat(e.video_id, ',') FROM (SELECT pv.video_id " + visibleEntryOf + " ORDER BY pv.position) AS e) AS video_ids", 1,
		"substr(q.video_ids, 1, " + idDigits + ")"
}

// coverJoin joins a summary q of a page to its cover, c, the video whose
// id is coverOf (see summaryColumns), by key: as ownerJoin joins owners, a
// lateral lookup on PostgreSQL, whose generic plan could otherwise hash
// every video for the page's few rows.
func coverJoin(postgres bool, coverOf string) string {
	if postgres {
		return "LEFT JOIN LATERAL (SELECT * FROM videos WHERE videos.id = " + coverOf + " LIMIT 1) AS c ON TRUE"
	}
	return "LEFT JOIN videos AS c ON c.id = " + coverOf
}

// entryVisible is the condition that the viewer may see the video of the
// entry pv, as videoVisible tells it, from the copies of the video's
// columns the entry carries (migration entry_visibility): the same text
// in both dialects. An entry without an owner (NULL) is no viewer's, not
// even an anonymous one's, whose id is empty. Its placeholder is the
// viewer.
const entryVisible = "(pv.video_published = TRUE OR pv.video_owner = ?)"

// idDigits is the length of an id, as summaryColumns writes it.
const idDigits = "24"

// readSummaries reads the page of summaries q selects, each with what its
// viewer sees of its videos (summaryColumns) and its cover, in one
// prepared statement: the page's own statement, with the summary's
// columns, as a subquery so that it keeps its plan, whose rows are
// joined to their covers (coverJoin) and put back in the page's order.
// Each playlist's entries are walked once for the ids, or for the count
// and once more to the first visible one, and each cover is one lookup
// by key. Read apart, the ids cost a round trip more (the own playlists'
// route under make load: 233 µs of CPU per request with a statement of
// their own, 207 without, on SQLite; 353 and 276, server and database,
// on PostgreSQL); a row per entry (100 for a page of 5 playlists of 20
// videos) cost the driver and the scan of each row more than the
// database's own read of them.
func (r *playlists) readSummaries(ctx context.Context, q playlist.Query) ([]summaryRow, bool, int, error) {
	spec := r.summariesSpec(q)
	if spec.total == nil {
		return readSummaryRows(ctx, r, q, spec, func(row *summaryRow) summaryRow { return *row })
	}
	return readSummaryRows(ctx, r, q, spec, func(row *counted[summaryRow]) summaryRow { return row.Row })
}

// readSummaryRows reads the page of summaries of spec into rows of R,
// with the list's total when spec names its count (counted rows), and
// returns their summaries (summary of each).
func readSummaryRows[R any](ctx context.Context, r *playlists, q playlist.Query, spec pageSpec, summary func(*R) summaryRow) ([]summaryRow, bool, int, error) {
	if err := checkTotaled[R](spec); err != nil {
		return nil, false, 0, err
	}
	text, args := r.summariesQuery(q, spec)
	rows := pageRows[R](q.Window.Normal().Limit)
	if err := r.st.scan(ctx, &rows, text, args...); err != nil {
		return nil, false, 0, internal(err, spec.op)
	}
	rows, more, total, err := finishPage(ctx, r.st, q.Window, spec, rows)
	if err != nil {
		return nil, false, 0, err
	}
	out := make([]summaryRow, len(rows))
	for i := range rows {
		out[i] = summary(&rows[i])
	}
	return out, more, total, nil
}

// summariesQuery is the statement of readSummaries for the page spec of
// q, and its values.
func (r *playlists) summariesQuery(q playlist.Query, spec pageSpec) (string, []any) {
	cols, n, coverOf := summaryColumns(r.st.postgres, q.WithVideoIDs)
	spec.columns, spec.columnArgs = playlistColumns+", "+cols, make([]any, n)
	for i := range spec.columnArgs {
		spec.columnArgs[i] = q.Viewer.String()
	}
	inner, args, dir := pageQuery(r.st, q.Window, spec)
	return "SELECT q.*, c.thumb_url AS cover_url, c.thumb_key AS cover_key FROM (" + inner + ") AS q " +
		coverJoin(r.st.postgres, coverOf) + " ORDER BY q.created_at " + dir + ", q.id " + dir, args
}
