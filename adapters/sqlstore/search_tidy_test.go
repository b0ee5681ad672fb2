package sqlstore

import (
	"sync"
	"testing"
)

// segments returns how many segments the SQLite search index fts holds.
func segments(t *testing.T, db *DB, fts string) int {
	t.Helper()
	var n int
	if err := db.bun.QueryRowContext(t.Context(), "SELECT count(DISTINCT segid) FROM "+fts+"_idx").Scan(&n); err != nil {
		t.Fatalf("segments of %s: %v", fts, err)
	}
	return n
}

// TidySearch merges each SQLite search index into one segment, does
// nothing once they are, and leaves every search's answer as it was,
// while rows are written beside it. PostgreSQL has nothing to tidy.
func TestTidySearch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		// One write per row: a segment each, until FTS5 merges some.
		f := newSearchFixture(t, db, 7, 40)
		sqlite := b.name == DialectSQLite
		indexes := []searchIndex{videosSearch, usersSearch, playlistsSearch}
		if sqlite {
			for _, ix := range indexes {
				if n := segments(t, db, ix.fts); n < 2 {
					t.Fatalf("%s: %d segments before tidying, want several", ix.fts, n)
				}
			}
		}
		steps, err := db.TidySearch(ctx)
		if err != nil {
			t.Fatalf("TidySearch: %v", err)
		}
		if sqlite != (steps > 0) {
			t.Fatalf("TidySearch on %s took %d steps", b.name, steps)
		}
		if sqlite {
			for _, ix := range indexes {
				if n := segments(t, db, ix.fts); n != 1 {
					t.Fatalf("%s: %d segments after tidying, want 1", ix.fts, n)
				}
			}
		}
		if steps, err := db.TidySearch(ctx); err != nil || steps != 0 {
			t.Fatalf("TidySearch again: %d steps, %v; want none", steps, err)
		}

		// Merges beside writes: both go on, and no row is lost.
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var tidyErr error
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := db.TidySearch(ctx); err != nil {
					tidyErr = err
					return
				}
			}
		})
		for range 30 {
			f.add(f.owner)
		}
		close(stop)
		wg.Wait()
		if tidyErr != nil {
			t.Fatalf("TidySearch beside writes: %v", tidyErr)
		}
		if _, err := db.TidySearch(ctx); err != nil {
			t.Fatalf("TidySearch: %v", err)
		}
		for range 60 {
			f.check(f.needle())
		}
		if sqlite {
			wantSearchKeysInStep(t, db)
		}
	})
}

// An index is merged while it is small, or once the segments beside its
// largest hold a mergeRatio-th of that one's pages.
func TestMergeWorthIt(t *testing.T) {
	t.Parallel()
	big := int64(100 * smallIndexPages)
	for _, c := range []struct {
		segments, total, largest int64
		want                     bool
	}{
		{0, 0, 0, false},
		{1, 5, 5, false},
		{1, big, big, false},
		{2, 2, 1, true},
		{12, smallIndexPages, smallIndexPages / 2, true},
		{2, big + 1, big, false},
		{5, big + big/mergeRatio - 1, big, false},
		{5, big + big/mergeRatio, big, true},
	} {
		if got := mergeWorthIt(c.segments, c.total, c.largest); got != c.want {
			t.Errorf("mergeWorthIt(%d, %d, %d) = %v, want %v", c.segments, c.total, c.largest, got, c.want)
		}
	}
}
