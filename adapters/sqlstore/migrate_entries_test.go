package sqlstore

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// entryVisibilityMigration has playlist entries carry their video's
// publication and owner.
const entryVisibilityMigration = "20261207000001"

// Entries stored before the migration copy their video's columns; after
// it an added entry copies them and a change of publication rewrites
// them, so that a page of playlists shows each viewer what they may see;
// the migration can be undone and done again.
func TestEntryVisibilityMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, entryVisibilityMigration)
		owner, fan := mustUser(t, 1), namedUser(t, 2, "entries_fan", "fan@example.com")
		for _, u := range []*user.User{owner, fan} {
			if err := db.Users().Create(ctx, u); err != nil {
				t.Fatalf("Create user: %v", err)
			}
		}
		now := time.Now()
		public, draft, later := mustVideo(t, 10, owner.ID()), mustVideo(t, 11, owner.ID()), mustVideo(t, 12, owner.ID())
		for _, v := range []*video.Video{public, draft, later} {
			if v != draft {
				v.TogglePublished(now)
			}
			if err := db.Videos().Create(ctx, v); err != nil {
				t.Fatalf("Create video: %v", err)
			}
		}
		name := "Mix"
		pl, err := playlist.New(id.ID(fmt.Sprintf("%024x", 20)), fan.ID(), playlist.Details{Name: &name}, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Playlists().Create(ctx, pl); err != nil {
			t.Fatalf("Create playlist: %v", err)
		}
		// Entries as the schema before held them.
		for i, v := range []*video.Video{public, draft} {
			_, err := db.bun.NewRaw("INSERT INTO playlist_videos (playlist_id, video_id, position) VALUES (?, ?, ?)",
				pl.ID().String(), v.ID().String(), i+1).Exec(ctx)
			if err != nil {
				t.Fatalf("insert legacy entry: %v", err)
			}
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		// sees checks the videos of the fan's playlist that viewer sees.
		sees := func(viewer *user.User, want ...*video.Video) {
			t.Helper()
			wantEntriesInStep(t, db)
			page, err := db.Playlists().List(ctx, playlist.Query{Owner: fan.ID(), Viewer: viewer.ID(), WithVideoIDs: true, Window: list.Window{Limit: 10}})
			if err != nil || len(page.Items) != 1 {
				t.Fatalf("List: %d playlists, %v", len(page.Items), err)
			}
			var ids []id.ID
			for _, v := range want {
				ids = append(ids, v.ID())
			}
			if got := page.Items[0].VideoIDs; !slices.Equal(got, ids) {
				t.Fatalf("%s sees %v, want %v", viewer.Username(), got, ids)
			}
		}
		sees(fan, public)
		sees(owner, public, draft)

		if _, err := db.Playlists().AddVideo(ctx, pl.ID(), later.ID(), time.Now(), anyPlaylist); err != nil {
			t.Fatalf("AddVideo: %v", err)
		}
		sees(fan, public, later)
		toggle := func(v *video.Video) {
			t.Helper()
			_, err := db.Videos().Update(ctx, v.ID(), func(v *video.Video) error { v.TogglePublished(time.Now()); return nil })
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
		}
		toggle(draft)
		toggle(later)
		sees(fan, public, draft)
		sees(owner, public, draft, later)

		rollBackOnly(t, db, entryVisibilityMigration)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		sees(fan, public, draft)
		sees(owner, public, draft, later)
	})
}

// wantEntriesInStep fails unless every playlist entry's copies of its
// video's publication and owner are the video's.
func wantEntriesInStep(t *testing.T, db *DB) {
	t.Helper()
	var wrong []string
	err := db.bun.NewRaw("SELECT pv.playlist_id || '/' || pv.video_id FROM playlist_videos AS pv JOIN videos AS v ON v.id = pv.video_id "+
		"WHERE pv.video_published <> v.published OR pv.video_owner <> v.owner_id").Scan(t.Context(), &wrong)
	if err != nil {
		t.Fatalf("read entries: %v", err)
	}
	if len(wrong) > 0 {
		t.Fatalf("entries out of step with their videos: %v", wrong)
	}
}

// anyPlaylist is a playlist change's check that lets every change through.
func anyPlaylist(*playlist.Playlist) error { return nil }
