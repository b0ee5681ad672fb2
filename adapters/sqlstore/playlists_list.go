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
// correlated subqueries of a summary share it. visibleVideo joins each
// entry to its video, for the cover's columns.
const (
	visibleEntryOf = "FROM playlist_videos AS pv WHERE pv.playlist_id = p.id AND " + entryVisible
	visibleVideo   = "FROM playlist_videos AS pv JOIN videos AS v ON v.id = pv.video_id " +
		"WHERE pv.playlist_id = p.id AND " + entryVisible
)

// List reads the page of summaries in one statement, counting the visible
// videos and finding the cover with correlated subqueries on the entries'
// (playlist_id, position) index. When the video ids are asked for, a
// second statement reads the visible entries of the whole page, which
// tell the count and the cover as well, and the page reads neither. A
// last statement counts when the page cannot tell the total (see
// readPage).
func (r *playlists) List(ctx context.Context, q playlist.Query) (list.Page[playlist.Summary], error) {
	if !text.Storable(q.Search) {
		// No stored text holds NUL or invalid UTF-8: nothing matches.
		return list.Page[playlist.Summary]{Items: []playlist.Summary{}}, nil
	}
	viewer := q.Viewer.String()
	where, args := r.filterPlaylists(q)
	columns := "p.*, (SELECT count(*) " + visibleEntryOf + ") AS video_count, " +
		"(SELECT v.thumb_url " + visibleVideo + " ORDER BY pv.position LIMIT 1) AS cover_url, " +
		"(SELECT v.thumb_key " + visibleVideo + " ORDER BY pv.position LIMIT 1) AS cover_key"
	columnArgs := []any{viewer, viewer, viewer}
	if q.WithVideoIDs {
		// pageVideoIDs counts and finds the covers (the columns stay
		// NULL).
		columns, columnArgs = "p.*, NULL AS video_count, NULL AS cover_url, NULL AS cover_key", nil
	}
	spec := pageSpec{
		op: "list playlists", from: "playlists AS p", columns: columns, columnArgs: columnArgs,
		where: where, args: args,
		order: timeOrder{at: "p.created_at", id: "p.id", desc: true},
	}
	rows, more, total, err := readPage[summaryRow](ctx, r.st, q.Window, spec)
	if err != nil {
		return list.Page[playlist.Summary]{}, err
	}
	page := list.Page[playlist.Summary]{Items: make([]playlist.Summary, len(rows)), Total: total, More: more}
	for i := range rows {
		page.Items[i] = playlist.Summary{
			Playlist: rows[i].playlist(),
			Videos:   int(rows[i].Videos.Int64),
			Cover:    video.Media{URL: rows[i].CoverURL.String, Key: rows[i].CoverKey.String},
		}
	}
	if q.WithVideoIDs && len(rows) > 0 {
		if err := r.pageVideoIDs(ctx, page.Items, q.Viewer); err != nil {
			return list.Page[playlist.Summary]{}, err
		}
	}
	return page, nil
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

// pageVideoIDsQuery reads the visible entries of a page's playlists, by
// dialect, from the entries' index alone: it carries each entry's video
// id and the video's publication and owner (migration entry_visibility),
// which tell whether the viewer may see it (entryVisible). It answers a
// row per playlist with visible entries: their video ids joined by
// commas, in the playlist's order, and the cover, the thumbnail of the
// first of them, looked up by its key. A row per entry (100 for a page of
// 5 playlists of 20 videos) cost the driver and the scan of each row more
// than the database's own read of them; the cover found from the ids
// spares the page's statement two subqueries per playlist that walked its
// entries again. Ids are 24 hex digits, which no comma is among. Its
// placeholders are the viewer and the id list (see anyOf).
var pageVideoIDsQuery = byDialect(func(postgres bool) string {
	joined := "group_concat(pv.video_id, ',' ORDER BY pv.position)"
	cover := "LEFT JOIN videos AS c ON c.id = substr(g.video_ids, 1, " + idDigits + ")"
	if postgres {
		joined = "string_agg(pv.video_id, ',' ORDER BY pv.position)"
		// As ownerJoin: a lateral lookup by key, which the generic plan
		// cannot turn into a hash of every video.
		cover = "LEFT JOIN LATERAL (SELECT * FROM videos WHERE videos.id = left(g.video_ids, " + idDigits + ")::char(" + idDigits + ") LIMIT 1) AS c ON TRUE"
	}
	return "SELECT g.playlist_id, g.video_ids, c.thumb_url AS cover_url, c.thumb_key AS cover_key FROM (" +
		"SELECT pv.playlist_id, " + joined + " AS video_ids FROM playlist_videos AS pv" +
		" WHERE " + entryVisible + " AND pv.playlist_id IN " + idListPlaceholder + " GROUP BY pv.playlist_id) AS g " + cover
})

// entryVisible is the condition that the viewer may see the video of the
// entry pv, as videoVisible tells it, from the copies of the video's
// columns the entry carries (migration entry_visibility): the same text
// in both dialects. An entry without an owner (NULL) is no viewer's, not
// even an anonymous one's, whose id is empty. Its placeholder is the
// viewer.
const entryVisible = "(pv.video_published = TRUE OR pv.video_owner = ?)"

// idDigits is the length of an id, as the texts of pageVideoIDsQuery
// write it.
const idDigits = "24"

// pageVideoIDs fills in the visible video ids of every summary of a page,
// their count and the cover, in one prepared statement.
func (r *playlists) pageVideoIDs(ctx context.Context, items []playlist.Summary, viewer id.ID) error {
	at := make(map[id.ID]int, len(items))
	keys := make([]string, len(items))
	for i, s := range items {
		at[s.Playlist.ID()] = i
		keys[i] = s.Playlist.ID().String()
		items[i].VideoIDs = []id.ID{}
		items[i].Videos = 0
		items[i].Cover = video.Media{}
	}
	var rows []struct {
		PlaylistID string         `bun:"playlist_id"`
		VideoIDs   string         `bun:"video_ids"`
		CoverURL   sql.NullString `bun:"cover_url"`
		CoverKey   sql.NullString `bun:"cover_key"`
	}
	err := r.st.scan(ctx, &rows, r.st.anyOf(pageVideoIDsQuery[r.st.postgres]), viewer.String(), r.st.list(keys))
	if err != nil {
		return internal(err, "playlist video ids of a page")
	}
	for _, row := range rows {
		// The rows are of the page's playlists, each with at least one
		// visible entry (the join and the grouping make no other).
		i := at[id.ID(row.PlaylistID)]
		ids := strings.Split(row.VideoIDs, ",")
		items[i].VideoIDs = make([]id.ID, len(ids))
		for j, v := range ids {
			items[i].VideoIDs[j] = id.ID(v)
		}
		items[i].Videos = len(ids)
		items[i].Cover = video.Media{URL: row.CoverURL.String, Key: row.CoverKey.String}
	}
	return nil
}
