package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// explainRows is how many rows of each searched table the plans are read
// on: PostgreSQL plans by statistics, and scans tables too small for an
// index to pay.
const explainRows = 3_000

// seedExplain writes the rows of the searched tables, with the
// texts of the search benchmarks, and has PostgreSQL vacuum and analyze
// them.
func seedExplain(ctx context.Context, db *DB) error {
	r := rand.New(rand.NewPCG(7, 8))
	words := benchSearchWords(r)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := msTime(now)
	users := make([]userRow, explainRows)
	for i := range users {
		name, username := benchSearchText(r, words, 2), benchUsername(i+1)
		users[i] = userRow{
			ID: benchID(i + 1).String(), Username: username, Email: fmt.Sprintf("e%d@example.com", i),
			Name: name, PasswordHash: "h", Verified: true, Role: string(user.RoleUser),
			SearchText: userSearchText(name, user.Username(username)), CreatedAt: at, UpdatedAt: at,
		}
	}
	videos := make([]videoRow, explainRows)
	playlists := make([]playlistRow, explainRows)
	for i := range explainRows {
		title, desc := benchSearchText(r, words, 5), benchSearchText(r, words, 20)
		videos[i] = videoRow{
			ID: benchVideoID(i).String(), OwnerID: benchID(1 + i%100).String(), FileURL: "u", FileKey: fmt.Sprintf("f%d", i),
			ThumbURL: "t", ThumbKey: fmt.Sprintf("t%d", i), Title: title, Description: sql.NullString{String: desc, Valid: true},
			SearchText: searchText(title, &desc), Duration: 1, Published: r.IntN(10) > 0, CreatedAt: at, UpdatedAt: at,
		}
		pname, pdesc := benchSearchText(r, words, 3), benchSearchText(r, words, 10)
		playlists[i] = *toPlaylistRow(playlist.FromStored(playlist.Stored{
			ID: benchCommentID(i), Owner: benchID(1 + i%100), Name: pname, Description: pdesc,
			Published: true, CreatedAt: now, UpdatedAt: now,
		}))
	}
	err := db.bun.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := insertBatches(ctx, tx, users); err != nil {
			return err
		}
		if err := insertBatches(ctx, tx, videos); err != nil {
			return err
		}
		return insertBatches(ctx, tx, playlists)
	})
	if err != nil || db.dialect != DialectPostgres {
		return err
	}
	// VACUUM moves the rows just written out of the GIN indexes' pending
	// lists, as autovacuum would, which the planner otherwise prices as
	// a scan of their own.
	_, err = db.bun.ExecContext(ctx, "VACUUM (ANALYZE) users, videos, playlists")
	return err
}

// searchStatements runs the searches of needle (the public video list,
// account search and playlist search, two a page so that a needle found
// more often is counted) and returns the queries they ran.
func searchStatements(t *testing.T, db *DB, needle string) []string {
	t.Helper()
	var mu sync.Mutex
	var stmts []string
	db.OnQuery(func(_ context.Context, q string) {
		mu.Lock()
		defer mu.Unlock()
		if strings.HasPrefix(q, "SELECT") || strings.HasPrefix(q, "WITH") {
			stmts = append(stmts, q)
		}
	})
	defer db.OnQuery(func(context.Context, string) {})
	ctx := t.Context()
	if _, err := db.Videos().List(ctx, video.Query{Search: needle, PublishedOnly: true, Desc: true, Limit: 2, Page: 1}); err != nil {
		t.Fatalf("List videos: %v", err)
	}
	if _, err := db.Users().Search(ctx, needle, list.Window{Limit: 10}); err != nil {
		t.Fatalf("Search users: %v", err)
	}
	if _, err := db.Playlists().List(ctx, playlist.Query{Search: needle, Window: list.Window{Limit: 2}}); err != nil {
		t.Fatalf("List playlists: %v", err)
	}
	return stmts
}

// explain returns the plan of a statement as the database prints it, one
// line per step, planned with the given settings (SET LOCAL ...).
func explain(t *testing.T, db *DB, stmt string, settings ...string) string {
	t.Helper()
	// Through database/sql, so that bun does not read the statement's
	// text as a query to format; in a transaction, for the settings.
	tx, err := db.bun.DB.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, set := range settings {
		if _, err := tx.ExecContext(t.Context(), "SET LOCAL "+set); err != nil {
			t.Fatalf("SET LOCAL %s: %v", set, err)
		}
	}
	prefix := "EXPLAIN QUERY PLAN "
	if db.dialect == DialectPostgres {
		prefix = "EXPLAIN "
	}
	rows, err := tx.QueryContext(t.Context(), prefix+stmt)
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", stmt, err)
	}
	return planOf(t, rows, db.dialect, stmt)
}

// planOf reads the rows of an EXPLAIN of stmt in dialect, one line per
// step, and closes them.
func planOf(t *testing.T, rows *sql.Rows, dialect, stmt string) string {
	t.Helper()
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		var err error
		if dialect == DialectPostgres {
			err = rows.Scan(&line)
		} else {
			var node, parent, unused int
			err = rows.Scan(&node, &parent, &unused, &line)
		}
		if err != nil {
			t.Fatalf("EXPLAIN %s: %v", stmt, err)
		}
		lines = append(lines, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("EXPLAIN %s: %v", stmt, err)
	}
	return strings.Join(lines, "\n")
}

// The searches of a needle of three characters and more can read the rows
// the trigram index finds, and do where it pays:
//
//   - SQLite starts every statement from the FTS5 table and looks the rows
//     up by id, never scanning the searched table or walking another of
//     its indexes; the public video list reads its matches from the
//     index's keys, and the rows of its page alone. Shorter needles scan.
//   - PostgreSQL's planner weighs the GIN index against the other plans by
//     its statistics. On the seeded videos it picks the index for the
//     public list's page; every statement, of accounts and
//     playlists too, uses it once plain scans are priced out, which shows
//     that the LIKE with its ESCAPE clause, as the store writes it, is one
//     the index serves.
func TestSearchUsesIndex(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		if err := seedExplain(t.Context(), db); err != nil {
			t.Fatalf("seed: %v", err)
		}
		// In about one text in 500 (see benchSearchText).
		stmts := searchStatements(t, db, "Zephyrine")
		if len(stmts) != 4 {
			t.Fatalf("%d statements, want the video page (which counts), the account page, the playlist page and count:\n%s",
				len(stmts), strings.Join(stmts, "\n"))
		}
		tables := []string{"videos", "users", "playlists", "playlists"}
		if b.name == DialectPostgres {
			for i, table := range tables {
				index := "Bitmap Index Scan on " + table + "_search_trgm_idx"
				if table == "videos" {
					if plan := explain(t, db, stmts[i]); !strings.Contains(plan, index) {
						t.Errorf("the plan of\n%s\nuses no trigram index:\n%s", stmts[i], plan)
					}
				}
				plan := explain(t, db, stmts[i], "enable_seqscan = off", "enable_indexscan = off")
				t.Logf("%s\n%s", stmts[i], plan)
				if !strings.Contains(plan, index) {
					t.Errorf("the plan of\n%s\nwithout plain scans uses no trigram index:\n%s", stmts[i], plan)
				}
			}
			return
		}
		for i, table := range tables {
			plan := explain(t, db, stmts[i])
			t.Logf("%s\n%s", stmts[i], plan)
			alias := table[:1]
			if !strings.Contains(plan, "SCAN "+table+"_search VIRTUAL TABLE INDEX") ||
				!strings.Contains(plan, "SEARCH "+alias+" USING INDEX sqlite_autoindex_"+table+"_1 (id=?)") ||
				strings.Contains(plan, "SCAN "+alias+"\n") || strings.HasSuffix(plan, "SCAN "+alias) {
				t.Errorf("the plan of\n%s\ndoes not start from the FTS5 index:\n%s", stmts[i], plan)
			}
			// The video page finds, filters and orders its matches from
			// the index's keys, and reads the page's rows alone.
			if table == "videos" && (strings.Count(plan, "SEARCH v ") != 1 || !strings.Contains(plan, "SEARCH k USING INTEGER PRIMARY KEY")) {
				t.Errorf("the plan of\n%s\nreads the videos of the matches:\n%s", stmts[i], plan)
			}
		}
		for _, stmt := range searchStatements(t, db, "Ze") {
			if plan := explain(t, db, stmt); strings.Contains(plan, "_search") {
				t.Errorf("the plan of\n%s\nreads an FTS5 index for two characters:\n%s", stmt, plan)
			}
		}
	})
}
