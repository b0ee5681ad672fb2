package sqlstore

import (
	"slices"
	"strings"
	"testing"
)

// coveringEntriesMigration adds the video ids to the entries' position
// index and, on SQLite, the videos' visibility index.
const coveringEntriesMigration = "20261205000001"

// The migration changes the indexes as it says, and can be undone and
// done again.
func TestCoveringEntriesMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		// indexes describes the indexes of the migration's tables: each
		// one's name and definition.
		indexes := func() []string {
			t.Helper()
			q := "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('playlist_videos', 'videos') ORDER BY name"
			if b.name == DialectPostgres {
				q = "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('playlist_videos', 'videos') ORDER BY indexname"
			}
			var out []string
			if err := db.bun.NewRaw(q).Scan(ctx, &out); err != nil {
				t.Fatal(err)
			}
			return out
		}
		find := func(all []string, name string) string {
			for _, ix := range all {
				if strings.HasPrefix(ix, name+": ") {
					return ix
				}
			}
			return ""
		}
		migrateBefore(t, db, coveringEntriesMigration)
		before := indexes()
		if ix := find(before, "playlist_videos_position_idx"); ix == "" || strings.Contains(ix, "video_id") {
			t.Fatalf("before the migration: %q", ix)
		}
		// Through this migration alone, so that its rollback below undoes it alone.
		migrateBefore(t, db, coveringEntriesMigration+"~")
		after := indexes()
		if ix := find(after, "playlist_videos_position_idx"); !strings.Contains(ix, "video_id") {
			t.Fatalf("after the migration the entries' index is %q, without the video ids", ix)
		}
		if ix := find(after, "videos_visibility_idx"); (ix != "") != (b.name == DialectSQLite) {
			t.Fatalf("after the migration the visibility index is %q", ix)
		}
		rollBackFrom(t, db, coveringEntriesMigration)
		if got := indexes(); !slices.Equal(got, before) {
			t.Fatalf("after the rollback the indexes are\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
		}
		// Again up to this migration: later ones change these indexes.
		migrateBefore(t, db, coveringEntriesMigration+"~")
		if got := indexes(); !slices.Equal(got, after) {
			t.Fatalf("after migrating again the indexes are\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(after, "\n"))
		}
	})
}
