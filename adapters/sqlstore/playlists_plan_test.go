package sqlstore

import (
	"strings"
	"testing"
)

// The visible entries of a page's playlists and of one playlist are read
// from the playlists' entries, each video looked up by its key: SQLite,
// which plans without statistics, would answer the visibility OR by
// reading every published video through two of the videos' indexes. The
// entries' index carries their video ids, and a page's entries check
// each video's visibility in the index that carries it, reading no row.
func TestPlaylistEntriesPlan(t *testing.T) {
	t.Parallel()
	db := testSQLite(t)
	entries := "SEARCH pv USING COVERING INDEX playlist_videos_position_idx (playlist_id=?)"
	for _, c := range []struct{ stmt, video string }{
		{
			db.stmts.bun.QueryGen().FormatQuery(db.stmts.anyOf(pageVideoIDsQuery[false]), `["a","b"]`, "x"),
			"SEARCH v USING COVERING INDEX videos_visibility_idx (id=?)",
		},
		{
			db.stmts.bun.QueryGen().FormatQuery(playlistVideosQuery[false], "a", "x"),
			"SEARCH v USING INDEX sqlite_autoindex_videos_1 (id=?)",
		},
	} {
		plan := explain(t, db, c.stmt)
		if strings.Contains(plan, "MULTI-INDEX OR") || !strings.Contains(plan, entries) || !strings.Contains(plan, c.video) {
			t.Errorf("the plan of\n%s\nreads more than the entries and their videos by key:\n%s", c.stmt, plan)
		}
	}
}
