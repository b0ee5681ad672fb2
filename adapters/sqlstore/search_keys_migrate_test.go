package sqlstore

import (
	"slices"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// searchKeysOrderMigration has SQLite's video search keys carry their
// videos' publication and upload time.
const searchKeysOrderMigration = "20261206000001"

// The migration fills the keys of the videos stored before it, the
// triggers keep them in step after it, and it can be undone and done
// again; searches find the same videos throughout.
func TestSearchKeysOrderMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, searchKeysOrderMigration)
		owner := socialUser(t, db, 1, "Owner")
		var all []id.ID
		add := func(n int, published bool) {
			t.Helper()
			v := mustVideo(t, n, owner)
			if err := v.Edit("Night tango", nil, time.Date(2026, 1, 1, 0, n, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			s := v.Stored()
			s.Published, s.CreatedAt = published, s.UpdatedAt
			if err := db.Videos().Create(ctx, video.FromStored(s)); err != nil {
				t.Fatalf("Create: %v", err)
			}
			all = append(all, v.ID())
		}
		// found checks the public search, newest first, against want.
		found := func(what string, want ...id.ID) {
			t.Helper()
			page, err := db.Videos().List(ctx, video.Query{Search: "TANGO", PublishedOnly: true, Desc: true, Limit: 10, Page: 1})
			if err != nil {
				t.Fatalf("%s: List: %v", what, err)
			}
			var got []id.ID
			for _, v := range page.Items {
				got = append(got, v.ID())
			}
			if !slices.Equal(got, want) || page.Total != len(want) {
				t.Fatalf("%s: found %v (total %d), want %v", what, got, page.Total, want)
			}
		}
		inStep := func() {
			t.Helper()
			if b.name == DialectSQLite {
				wantSearchKeysInStep(t, db)
			}
		}
		add(1, true)
		add(2, false)
		add(3, true)

		migrateThrough(t, db, searchKeysOrderMigration)
		inStep()
		found("after the migration", all[2], all[0])

		_, err := db.Videos().Update(ctx, all[1], func(v *video.Video) error { v.TogglePublished(time.Now()); return nil })
		if err != nil {
			t.Fatalf("publish: %v", err)
		}
		_, err = db.Videos().Update(ctx, all[0], func(v *video.Video) error { v.TogglePublished(time.Now()); return nil })
		if err != nil {
			t.Fatalf("unpublish: %v", err)
		}
		add(4, true)
		inStep()
		found("after publishing, hiding and adding", all[3], all[2], all[1])

		rollBackFrom(t, db, searchKeysOrderMigration)
		if b.name == DialectSQLite {
			var cols int
			err := db.bun.QueryRowContext(ctx, "SELECT count(*) FROM pragma_table_info('videos_search_keys') WHERE name IN ('published', 'created_at')").Scan(&cols)
			if err != nil || cols != 0 {
				t.Fatalf("%d of the migration's columns left after the rollback (%v)", cols, err)
			}
		}
		// This code reads the keys' new columns: it searches again once
		// they are back, with a video added without them in between.
		add(5, true)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		inStep()
		found("after migrating again", all[4], all[3], all[2], all[1])
	})
}
