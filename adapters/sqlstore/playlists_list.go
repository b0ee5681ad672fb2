package sqlstore

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/video"
)

// summaryRow is a playlist with what its viewer sees of its videos.
type summaryRow struct {
	playlistRow

	Videos   int            `bun:"video_count"`
	CoverURL sql.NullString `bun:"cover_url"`
	CoverKey sql.NullString `bun:"cover_key"`
}

// visibleVideo is the condition on v, a video of the playlist p, that
// viewer may see it; the correlated subqueries of a summary share it.
const visibleVideo = "FROM playlist_videos AS pv JOIN videos AS v ON v.id = pv.video_id " +
	"WHERE pv.playlist_id = p.id AND (v.published = ? OR v.owner_id = ?)"

// List reads the page of summaries in one statement, counting the visible
// videos and finding the cover with correlated subqueries on the entries'
// (playlist_id, position) index; a second statement reads the video ids of
// the whole page when asked, and a third counts when the page cannot tell
// the total (see readPage).
func (r *playlists) List(ctx context.Context, q playlist.Query) (list.Page[playlist.Summary], error) {
	if !text.Storable(q.Search) {
		// No stored text holds NUL or invalid UTF-8: nothing matches.
		return list.Page[playlist.Summary]{Items: []playlist.Summary{}}, nil
	}
	viewer := q.Viewer.String()
	rows, more, total, err := readPage[summaryRow](ctx, r.db, q.Window, pageSpec{
		op: "list playlists", from: "playlists AS p",
		order: timeOrder{at: "p.created_at", id: "p.id", desc: true},
		columns: func(s *bun.SelectQuery) *bun.SelectQuery {
			return s.ColumnExpr("p.*").
				ColumnExpr("(SELECT count(*) "+visibleVideo+") AS video_count", true, viewer).
				ColumnExpr("(SELECT v.thumb_url "+visibleVideo+" ORDER BY pv.position LIMIT 1) AS cover_url", true, viewer).
				ColumnExpr("(SELECT v.thumb_key "+visibleVideo+" ORDER BY pv.position LIMIT 1) AS cover_key", true, viewer)
		},
		filter: func(s *bun.SelectQuery) *bun.SelectQuery { return filterPlaylists(s, q) },
	})
	if err != nil {
		return list.Page[playlist.Summary]{}, err
	}
	page := list.Page[playlist.Summary]{Items: make([]playlist.Summary, len(rows)), Total: total, More: more}
	for i := range rows {
		page.Items[i] = playlist.Summary{
			Playlist: rows[i].playlist(),
			Videos:   rows[i].Videos,
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

// filterPlaylists adds the WHERE clauses of q's filters.
func filterPlaylists(sel *bun.SelectQuery, q playlist.Query) *bun.SelectQuery {
	if !q.Owner.IsZero() {
		sel = sel.Where("p.owner_id = ?", q.Owner.String())
	}
	if q.PublishedOnly {
		sel = sel.Where(besideSearch(sel.Dialect().Name() == dialect.SQLite, "p.published", q.Search)+" = ?", true)
	}
	if q.Search != "" {
		sel = whereContains(sel, playlistsSearch, "p.id", "p.search_text", q.Search)
	}
	return sel
}

// pageVideoIDs fills in the visible video ids of every summary of a page
// in one statement.
func (r *playlists) pageVideoIDs(ctx context.Context, items []playlist.Summary, viewer id.ID) error {
	at := make(map[id.ID]int, len(items))
	keys := make([]string, len(items))
	for i, s := range items {
		at[s.Playlist.ID()] = i
		keys[i] = s.Playlist.ID().String()
		items[i].VideoIDs = []id.ID{}
	}
	var rows []struct {
		PlaylistID string `bun:"playlist_id"`
		VideoID    string `bun:"video_id"`
	}
	err := r.db.NewSelect().TableExpr("playlist_videos AS pv").
		Join("JOIN videos AS v ON v.id = pv.video_id").
		ColumnExpr("pv.playlist_id, pv.video_id").
		Where("pv.playlist_id IN (?)", bun.List(keys)).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("v.published = ?", true).WhereOr("v.owner_id = ?", viewer.String())
		}).
		OrderExpr("pv.playlist_id, pv.position").
		Scan(ctx, &rows)
	if err != nil {
		return internal(err, "playlist video ids of a page")
	}
	for _, row := range rows {
		i := at[id.ID(row.PlaylistID)]
		items[i].VideoIDs = append(items[i].VideoIDs, id.ID(row.VideoID))
	}
	return nil
}
