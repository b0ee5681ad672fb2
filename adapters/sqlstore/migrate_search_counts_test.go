package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/video"
)

// searchCountsMigration marks the public videos' state for kept search
// counts.
const searchCountsMigration = "20261211000001"

// The migration marks a database that holds published videos, its
// triggers move the mark with each change a search sees and with no
// other, and it can be undone and done again.
func TestSearchCountsMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, searchCountsMigration)
		owner := socialUser(t, db, 1, "owner")
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		create := func(n int, published bool) {
			t.Helper()
			v := video.FromStored(video.Stored{
				ID: videoNum(n), Owner: owner, File: video.Media{URL: "u", Key: fmt.Sprintf("f%d", n)},
				Thumbnail: video.Media{URL: "t", Key: fmt.Sprintf("t%d", n)}, Title: fmt.Sprintf("Tango %d", n), Duration: 1,
				Published: published, CreatedAt: at.Add(time.Duration(n) * time.Second), UpdatedAt: at,
			})
			if err := db.Videos().Create(ctx, v); err != nil {
				t.Fatalf("Create video %d: %v", n, err)
			}
		}
		mark := func() int64 {
			t.Helper()
			var m int64
			if err := db.bun.QueryRowContext(ctx, "SELECT search_gen FROM video_counts WHERE owner_id = ''").Scan(&m); err != nil {
				t.Fatalf("read the mark: %v", err)
			}
			return m
		}
		moves := func(step string, want bool, change func()) {
			t.Helper()
			before := mark()
			change()
			if moved := mark() != before; moved != want {
				t.Fatalf("%s: the mark moved: %v, want %v", step, moved, want)
			}
		}
		search := func(step string, want int) {
			t.Helper()
			for range 2 { // counted, then from the kept count
				page, err := db.Videos().List(ctx, video.Query{Search: "tango", PublishedOnly: true, Desc: true, Limit: 1})
				if err != nil || page.Total != want {
					t.Fatalf("%s: search total %d (%v), want %d", step, page.Total, err, want)
				}
			}
		}
		create(1, true)
		create(2, false)
		migrateThrough(t, db, searchCountsMigration)
		if mark() == 0 {
			t.Fatal("the migration left a database with published videos unmarked")
		}
		search("after migrating", 1)

		moves("a published video", true, func() { create(3, true) })
		moves("a draft", false, func() { create(4, false) })
		moves("a view", false, func() {
			if _, _, err := db.Videos().RecordView(ctx, videoNum(3), videoNum(99), at, time.Hour); err != nil {
				t.Fatal(err)
			}
		})
		moves("a draft published", true, func() {
			if _, err := db.Videos().Update(ctx, videoNum(2), func(v *video.Video) error { v.TogglePublished(at); return nil }); err != nil {
				t.Fatal(err)
			}
		})
		search("after changes", 3)

		rollBackFrom(t, db, searchCountsMigration)
		var n int
		err := db.bun.QueryRowContext(ctx, "SELECT count(*) FROM video_counts WHERE search_gen IS NOT NULL").Scan(&n)
		if err == nil {
			t.Fatal("search_gen is still there after the rollback")
		}
		create(5, true)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		search("after migrating again", 4)
		moves("a published video deleted", true, func() {
			if err := db.Videos().Delete(ctx, videoNum(5)); err != nil {
				t.Fatal(err)
			}
		})
		search("after the deletion", 3)
	})
}
