package sqlstore

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// historyCountsMigration keeps each user's history total in list_counts.
const historyCountsMigration = "20261204000001"

// The visible entries stored before the migration are counted by it;
// afterwards the triggers count what a watch, a publication change, a
// removal and an account's deletion do; the migration can be undone and
// done again.
func TestHistoryCountsMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, historyCountsMigration)
		owner, viewer := mustUser(t, 1), namedUser(t, 2, "counts_viewer", "counts@example.com")
		for _, u := range []*user.User{owner, viewer} {
			if err := db.Users().Create(ctx, u); err != nil {
				t.Fatalf("Create user: %v", err)
			}
		}
		now := time.Now()
		public, draft := mustVideo(t, 10, owner.ID()), mustVideo(t, 11, owner.ID())
		public.TogglePublished(now)
		for _, v := range []*video.Video{public, draft} {
			if err := db.Videos().Create(ctx, v); err != nil {
				t.Fatalf("Create video: %v", err)
			}
		}
		touch := func(u, v id.ID, d time.Duration) {
			t.Helper()
			if err := db.History().Touch(ctx, u, v, now.Add(d)); err != nil {
				t.Fatalf("Touch: %v", err)
			}
		}
		// The draft is hidden from the viewer, not from its owner.
		touch(viewer.ID(), public.ID(), time.Second)
		touch(viewer.ID(), draft.ID(), 2*time.Second)
		touch(owner.ID(), draft.ID(), 3*time.Second)

		// total reads a page past the end, whose total comes from
		// list_counts alone.
		total := func(u id.ID) int {
			t.Helper()
			entries, n, err := db.History().List(ctx, u, 10, 1)
			if err != nil || len(entries) != 0 {
				t.Fatalf("List: %d entries, %v", len(entries), err)
			}
			return n
		}
		wantTotals := func(what string, viewerWant, ownerWant int) {
			t.Helper()
			if v, o := total(viewer.ID()), total(owner.ID()); v != viewerWant || o != ownerWant {
				t.Fatalf("%s: totals %d (viewer), %d (owner), want %d, %d", what, v, o, viewerWant, ownerWant)
			}
		}
		migrateThrough(t, db, historyCountsMigration)
		wantTotals("after migrating", 1, 1)
		if _, err := db.Videos().Update(ctx, draft.ID(), func(v *video.Video) error { v.TogglePublished(time.Now()); return nil }); err != nil {
			t.Fatalf("publish: %v", err)
		}
		wantTotals("once published", 2, 1)
		touch(viewer.ID(), draft.ID(), time.Minute) // a re-watch adds nothing
		wantTotals("after a re-watch", 2, 1)
		if n, err := db.History().RemoveVideo(ctx, public.ID()); err != nil || n != 1 {
			t.Fatalf("RemoveVideo = %d, %v", n, err)
		}
		wantTotals("after removing a video", 1, 1)

		countsOf := func(u id.ID) int {
			t.Helper()
			var n int
			if err := db.bun.NewRaw("SELECT count(*) FROM list_counts WHERE list = 'history' AND subject = ?", u.String()).Scan(ctx, &n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if _, err := db.bun.NewRaw("DELETE FROM users WHERE id = ?", viewer.ID().String()).Exec(ctx); err != nil {
			t.Fatalf("delete the viewer: %v", err)
		}
		if n := countsOf(viewer.ID()); n != 0 {
			t.Fatalf("%d counts left of the deleted account", n)
		}

		rollBackFrom(t, db, historyCountsMigration)
		if n := countsOf(owner.ID()); n != 0 {
			t.Fatalf("%d history counts left after the rollback", n)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		if n := total(owner.ID()); n != 1 {
			t.Fatalf("owner's total after migrating again = %d, want 1", n)
		}
	})
}
