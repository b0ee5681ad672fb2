package sqlstore

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// historyHiddenMigration flags the history entries whose video their user
// may not see.
const historyHiddenMigration = "20261203000001"

// Entries stored before the migration get their flag from their video;
// afterwards publishing flips it, and the count agrees with the page; the
// migration can be undone and done again.
func TestHistoryHiddenMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, historyHiddenMigration)
		owner, viewer := mustUser(t, 1), namedUser(t, 2, "migrate_viewer", "viewer@example.com")
		for _, u := range []*user.User{owner, viewer} {
			if err := db.Users().Create(ctx, u); err != nil {
				t.Fatalf("Create user: %v", err)
			}
		}
		now := time.Now()
		public, draft, other := mustVideo(t, 10, owner.ID()), mustVideo(t, 11, owner.ID()), mustVideo(t, 12, owner.ID())
		for _, v := range []*video.Video{public, draft, other} {
			if v != draft {
				v.TogglePublished(now)
			}
			if err := db.Videos().Create(ctx, v); err != nil {
				t.Fatalf("Create video: %v", err)
			}
		}
		// Entries as the schema before held them: no flag.
		for i, e := range []struct{ user, video id.ID }{
			{viewer.ID(), public.ID()}, {viewer.ID(), draft.ID()}, {viewer.ID(), other.ID()}, {owner.ID(), draft.ID()},
		} {
			_, err := db.bun.NewRaw("INSERT INTO watch_history (user_id, video_id, watched_at) VALUES (?, ?, ?)",
				e.user.String(), e.video.String(), msTime(now.Add(time.Duration(i)*time.Second))).Exec(ctx)
			if err != nil {
				t.Fatalf("insert legacy entry: %v", err)
			}
		}
		// This migration alone, so that it is the group a rollback undoes.
		migrateBefore(t, db, listCountsMigration)
		wantHidden := func(want ...id.ID) {
			t.Helper()
			var got []string
			if err := db.bun.NewRaw("SELECT user_id || '/' || video_id FROM watch_history WHERE hidden = TRUE ORDER BY 1").Scan(ctx, &got); err != nil {
				t.Fatalf("read flags: %v", err)
			}
			if len(got) != len(want) || (len(want) == 1 && got[0] != viewer.ID().String()+"/"+want[0].String()) {
				t.Fatalf("hidden entries %v, want the viewer's of %v", got, want)
			}
		}
		// total counts the viewer's visible entries by their flags, as
		// the history's total did before migration history_counts kept
		// it.
		total := func() int {
			t.Helper()
			var n int
			err := db.bun.NewRaw("SELECT count(*) FROM watch_history WHERE user_id = ? AND hidden = FALSE", viewer.ID().String()).Scan(ctx, &n)
			if err != nil {
				t.Fatalf("count: %v", err)
			}
			return n
		}
		wantHidden(draft.ID()) // not the owner's own entry
		if n := total(); n != 2 {
			t.Fatalf("total after migrating = %d, want 2", n)
		}
		publish := func(v *video.Video) {
			t.Helper()
			_, err := db.Videos().Update(ctx, v.ID(), func(v *video.Video) error { v.TogglePublished(time.Now()); return nil })
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
		}
		publish(draft)
		wantHidden()
		if n := total(); n != 3 {
			t.Fatalf("total once published = %d, want 3", n)
		}
		publish(other)
		wantHidden(other.ID())
		if n := total(); n != 2 {
			t.Fatalf("total once unpublished = %d, want 2", n)
		}

		rollBackFrom(t, db, historyHiddenMigration)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		wantHidden(other.ID())
	})
}
