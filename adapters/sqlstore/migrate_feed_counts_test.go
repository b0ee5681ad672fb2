package sqlstore

import (
	"testing"

	"github.com/stagecast/stagecast/domain/id"
)

// feedCountsMigration keeps each follow's owner's latest video and each
// member's feed count.
const feedCountsMigration = "20261210000001"

// What was stored before the migration is carried and counted by it
// (uploads at the same second, unpublished videos, owners without a
// published video, members following no one); afterwards the triggers
// keep it; the migration can be undone and done again.
func TestFeedCountsMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, feedCountsMigration)
		f := newFeedFixture(t, db, 5)
		u := f.users
		upload := func(owner id.ID, second int, published bool) id.ID {
			t.Helper()
			vid, err := f.video(ctx, owner, second, published)
			if err != nil {
				t.Fatal(err)
			}
			return vid
		}
		follow := func(follower, following id.ID, add bool) {
			t.Helper()
			if err := f.follow(ctx, follower, following, add); err != nil {
				t.Fatal(err)
			}
		}
		// Before the migration: u1 has three published videos, two at the
		// same second, and an unpublished one newer than all; u2 only an
		// unpublished one; u3 one published. u4 follows u1, u2 and u3,
		// u5 follows u2 alone, u3 follows u1.
		upload(u[0], 5, true)
		upload(u[0], 9, true)
		upload(u[0], 9, true)
		upload(u[0], 20, false)
		upload(u[1], 30, false)
		upload(u[2], 7, true)
		for _, p := range [][2]int{{3, 0}, {3, 1}, {3, 2}, {4, 1}, {2, 0}} {
			follow(u[p[0]], u[p[1]], true)
		}
		migrateThrough(t, db, feedCountsMigration)
		f.before = feedSecondsMigration
		f.check("after migrating")
		f.pages("after migrating")

		upload(u[1], 3, true)
		follow(u[4], u[2], true)
		follow(u[3], u[0], false)
		f.check("after changes")
		f.pages("after changes")

		rollBackFrom(t, db, feedCountsMigration)
		requireNoListCounts(t, db, "feed")
		// Written while the counts are gone, counted when they come back.
		upload(u[2], 40, true)
		follow(u[3], u[0], true)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		f.before = ""
		f.check("after migrating again")
		f.pages("after migrating again")
	})
}
