package sqlstore

import (
	"strings"
	"testing"
)

// The visible entries of a page's playlists and of one playlist are read
// from the playlists' entries, each video looked up by its key: SQLite,
// which plans without statistics, would answer the visibility OR by
// reading every published video through two of the videos' indexes.
func TestPlaylistEntriesPlan(t *testing.T) {
	t.Parallel()
	db := testSQLite(t)
	for _, stmt := range []string{
		db.stmts.bun.QueryGen().FormatQuery(db.stmts.anyOf(pageVideoIDsQuery[false]), `["a","b"]`, "x"),
		db.stmts.bun.QueryGen().FormatQuery(playlistVideosQuery[false], "a", "x"),
	} {
		plan := explain(t, db, stmt)
		if strings.Contains(plan, "MULTI-INDEX OR") || !strings.Contains(plan, "SEARCH pv USING INDEX playlist_videos_position_idx") ||
			!strings.Contains(plan, "SEARCH v USING INDEX sqlite_autoindex_videos_1 (id=?)") {
			t.Errorf("the plan of\n%s\nreads more than the entries and their videos by key:\n%s", stmt, plan)
		}
	}
}
