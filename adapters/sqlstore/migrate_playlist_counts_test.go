package sqlstore

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
)

// playlistCountsMigration counts each owner's playlists, and the published
// ones, in list_counts.
const playlistCountsMigration = "20261209000001"

// What was stored before the migration is counted by it; afterwards the
// trigger counts creations, publications and deletions, and the pages read
// the counts; the migration can be undone and done again.
func TestPlaylistCountsMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, playlistCountsMigration)
		s := storeCounted(t, db)
		a, c := s.a.ID(), s.c.ID()
		add := func(owner id.ID, published bool) id.ID {
			t.Helper()
			name := "a list"
			p, err := playlist.New(s.newID(), owner, playlist.Details{Name: &name, Published: &published}, s.now)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Playlists().Create(ctx, p); err != nil {
				t.Fatal(err)
			}
			return p.ID()
		}
		// A page past the end, which reads the total of its list from
		// list_counts.
		past := list.Window{Page: 1000, Limit: 1}
		totals := func(what string, want [3]int) {
			t.Helper()
			var got [3]int
			for i, q := range []playlist.Query{{Owner: a}, {Owner: a, PublishedOnly: true}, {Owner: c, PublishedOnly: true}} {
				q.Window = past
				page, err := db.Playlists().List(ctx, q)
				if err != nil {
					t.Fatalf("%s: list %d: %v", what, i, err)
				}
				got[i] = page.Total
			}
			if got != want {
				t.Fatalf("%s: totals (a's, a's published, c's published) %v, want %v", what, got, want)
			}
		}

		// Before the migration: three playlists of a, two published, and
		// one of c, published.
		first := add(a, true)
		add(a, true)
		private := add(a, false)
		add(c, true)
		migrateThrough(t, db, playlistCountsMigration)
		totals("after migrating", [3]int{3, 2, 1})

		add(a, false)
		add(c, true)
		totals("after adding", [3]int{4, 2, 2})
		if _, err := db.Playlists().Update(ctx, private, func(p *playlist.Playlist) error {
			published := true
			return p.Edit(playlist.Details{Published: &published}, s.now.Add(time.Second))
		}); err != nil {
			t.Fatal(err)
		}
		totals("after publishing", [3]int{4, 3, 2})
		if err := db.Playlists().Delete(ctx, first); err != nil {
			t.Fatal(err)
		}
		totals("after deleting", [3]int{3, 2, 2})

		rollBackFrom(t, db, playlistCountsMigration)
		requireNoListCounts(t, db, "playlists", "published_playlists")
		// Written while the counts are gone, counted when they come back.
		add(a, true)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		totals("after migrating again", [3]int{4, 3, 2})
	})
}
