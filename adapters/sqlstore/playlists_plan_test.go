package sqlstore

import (
	"strings"
	"testing"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
)

// The visible entries of a page's playlists and of one playlist are read
// from the playlists' entries: SQLite, which plans without statistics,
// would answer the visibility OR by reading every published video through
// two of the videos' indexes. The entries' index carries their video ids
// and what tells who may see them (migration entry_visibility): a page's
// ids read that index alone, in each playlist's order with no sort, and
// look each playlist's cover up by its key; one playlist's entries look
// each video up by its key, unless only their ids are asked for.
func TestPlaylistEntriesPlan(t *testing.T) {
	t.Parallel()
	db := testSQLite(t)
	entries := "SEARCH pv USING COVERING INDEX playlist_videos_position_idx (playlist_id=?)"
	// A page's summaries walk each playlist's entries once for its ids,
	// or twice for its count and its first visible entry, and look its
	// cover up by key.
	for withIDs, walks := range map[bool]int{true: 1, false: 2} {
		text, args := summariesText(db, "x", withIDs)
		page := db.stmts.bun.QueryGen().FormatQuery(text, args...)
		plan := explain(t, db, page)
		if !strings.Contains(plan, "SEARCH c USING INDEX sqlite_autoindex_videos_1 (id=?)") {
			t.Errorf("the plan of\n%s\ndoes not look the covers up by key:\n%s", page, plan)
		}
		if strings.Contains(plan, "SEARCH v ") || strings.Count(plan, entries) != walks || strings.Count(plan, "SEARCH pv ") != walks {
			t.Errorf("the plan of\n%s\nreads more than the entries' index:\n%s", page, plan)
		}
		// The ids come in the index's order, with no sort of their own
		// (see summaryColumns).
		if strings.Contains(plan, "TEMP B-TREE FOR group_concat") {
			t.Errorf("the plan of\n%s\nsorts:\n%s", page, plan)
		}
	}
	videos := db.stmts.bun.QueryGen().FormatQuery(playlistVideosQuery, "a", "x")
	plan := explain(t, db, videos)
	if strings.Contains(plan, "MULTI-INDEX OR") || !strings.Contains(plan, entries) ||
		!strings.Contains(plan, "SEARCH v USING INDEX sqlite_autoindex_videos_1 (id=?)") {
		t.Errorf("the plan of\n%s\nreads more than the entries and their videos by key:\n%s", videos, plan)
	}
	// A playlist's ids, and a summary's count, read no video at all.
	ids := db.stmts.bun.QueryGen().FormatQuery(playlistVideoIDsQuery, "a", "x")
	count := db.stmts.bun.QueryGen().FormatQuery("SELECT (SELECT count(*) "+visibleEntryOf+") FROM playlists AS p", "x")
	for _, stmt := range []string{ids, count} {
		if plan := explain(t, db, stmt); strings.Contains(plan, " v ") || !strings.Contains(plan, entries) {
			t.Errorf("the plan of\n%s\nreads more than the entries' index:\n%s", stmt, plan)
		}
	}
}

// On PostgreSQL, whose prepared statements run one generic plan for every
// value, the videos of a page of entries or likes are looked up by key:
// a join would hash every visible video for the page's few rows.
func TestVisibleVideoJoinPlanPostgres(t *testing.T) {
	t.Parallel()
	// Playlists of 20 entries, and 40 likes by each of 500 users, so
	// that the statistics show lists larger than a page.
	db := explainedPostgres(t,
		"INSERT INTO playlist_videos (playlist_id, video_id, position) "+
			"SELECT p.id, v.id, row_number() OVER (PARTITION BY p.id ORDER BY v.id) FROM playlists AS p "+
			"CROSS JOIN LATERAL (SELECT id FROM videos ORDER BY md5(p.id || videos.id) LIMIT 20) AS v",
		likesSeed,
		"VACUUM (ANALYZE) playlist_videos, video_likes",
	)
	withIDs, withIDsArgs := summariesText(db, "x", true)
	summaries, summariesArgs := summariesText(db, "x", false)
	for _, c := range []struct{ name, stmt, args string }{
		{"summaries with ids", numberPlaceholders(withIDs), executeArgs(t, withIDsArgs)},
		{"summaries", numberPlaceholders(summaries), executeArgs(t, summariesArgs)},
		{"liked videos", numberPlaceholders(likedVideosQuery(true, false)), "('x', 'x', 10, 0)"},
		{"liked page", likedPageText(db), "('x', 'x', 10, 0)"},
	} {
		plan := explainGeneric(t, db, c.stmt, c.args)
		if strings.Contains(plan, "Hash") || !strings.Contains(plan, "videos_pkey") {
			t.Errorf("%s: the generic plan of\n%s\ndoes not look each video up by key:\n%s", c.name, c.stmt, plan)
		}
		// The summaries read the entries' index alone (migration
		// entry_visibility), then look each playlist's cover up.
		if strings.HasPrefix(c.name, "summaries") && (strings.Count(plan, "videos_pkey") != 1 ||
			!strings.Contains(plan, "Index Only Scan using playlist_videos_position_idx")) {
			t.Errorf("%s: the generic plan of\n%s\ndoes not read the entries alone and the covers by key:\n%s", c.name, c.stmt, plan)
		}
	}
}

// summariesText is the statement of a page of the playlists of owner,
// as their owner sees them, with their video ids or not, and its values.
func summariesText(db *DB, owner string, withIDs bool) (string, []any) {
	q := playlist.Query{Owner: id.ID(owner), Viewer: id.ID(owner), WithVideoIDs: withIDs, Window: list.Window{Limit: 10}}
	return db.playlists.summariesQuery(q, db.playlists.summariesSpec(q))
}

// likedPageText is the statement of a page of liked videos on
// PostgreSQL, with numbered placeholders.
func likedPageText(db *DB) string {
	text, _, _ := pageQuery(db.stmts, list.Window{Limit: 10}, likedSpec(true, "x"))
	return numberPlaceholders(text)
}

// explainGeneric returns the generic plan of a statement with numbered
// placeholders, run with args (an EXECUTE's parenthesized values).
func explainGeneric(t *testing.T, db *DB, stmt, args string) string {
	t.Helper()
	conn, err := db.bun.DB.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{"SET plan_cache_mode = force_generic_plan", "PREPARE explained AS " + stmt} {
		if _, err := conn.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	defer func() { _, _ = conn.ExecContext(t.Context(), "DEALLOCATE explained; RESET plan_cache_mode") }()
	rows, err := conn.QueryContext(t.Context(), "EXPLAIN EXECUTE explained"+args)
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", stmt, err)
	}
	return planOf(t, rows, DialectPostgres, stmt)
}
