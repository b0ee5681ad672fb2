package sqlstore

import (
	"testing"

	"github.com/stagecast/stagecast/domain/id"
)

// feedSecondsMigration adds each follow's owner's second-latest video.
const feedSecondsMigration = "20261212000001"

// What was stored before the migration gets its owners' second videos
// (owners with none, one, two and more published videos, uploads at the
// same second, unpublished ones newer than all); afterwards the triggers
// keep them and the feed's window reads pages; the migration can be
// undone, leaving the latest videos kept, and done again.
func TestFeedSecondsMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, feedSecondsMigration)
		f := newFeedFixture(t, db, 5)
		f.before = feedSecondsMigration
		u := f.users
		upload := func(owner id.ID, second int, published bool) id.ID {
			t.Helper()
			vid, err := f.video(ctx, owner, second, published)
			if err != nil {
				t.Fatal(err)
			}
			return vid
		}
		follow := func(follower, following id.ID) {
			t.Helper()
			if err := f.follow(ctx, follower, following, true); err != nil {
				t.Fatal(err)
			}
		}
		// u1: three published videos, two at the same second, and an
		// unpublished one newer than all; u2: one published; u3: one
		// unpublished. u4 and u5 follow all three, u1 follows u2.
		upload(u[0], 5, true)
		upload(u[0], 9, true)
		upload(u[0], 9, true)
		upload(u[0], 20, false)
		upload(u[1], 7, true)
		upload(u[2], 30, false)
		for _, p := range [][2]int{{3, 0}, {3, 1}, {3, 2}, {4, 0}, {4, 1}, {4, 2}, {0, 1}} {
			follow(u[p[0]], u[p[1]])
		}
		migrateThrough(t, db, feedSecondsMigration)
		f.before = ""
		f.check("after migrating")
		f.pages("after migrating")

		// Owners posting in turn: u4's and u5's first pages come from
		// their follows alone.
		for i := range 4 {
			upload(u[0], 40+3*i, true)
			upload(u[1], 41+3*i, true)
			upload(u[2], 42+3*i, true)
		}
		f.check("after uploads in turn")
		f.windows = 0
		f.pages("after uploads in turn")
		if f.windows == 0 {
			t.Error("no page's window answered after uploads in turn")
		}

		rollBackFrom(t, db, feedSecondsMigration)
		f.before = feedSecondsMigration
		f.check("after rolling back")
		// Written while the second videos are not kept, carried when they
		// come back.
		upload(u[2], 90, true)
		upload(u[2], 91, true)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		f.before = ""
		f.check("after migrating again")
		f.pages("after migrating again")
	})
}
