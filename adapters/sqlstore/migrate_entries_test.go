package sqlstore

import (
	"fmt"
	"slices"
	"strings"
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
		before := entriesSchema(t, db)
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
		migrateThrough(t, db, entryVisibilityMigration)
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

		rollBackFrom(t, db, entryVisibilityMigration)
		if got := entriesSchema(t, db); !slices.Equal(got, before) {
			t.Fatalf("after the rollback the schema is\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		sees(fan, public, draft)
		sees(owner, public, draft, later)
	})
}

// entriesSchema describes what the migration changes: the entries'
// columns, the indexes and triggers of the entries and the videos, and
// PostgreSQL's functions.
func entriesSchema(t *testing.T, db *DB) []string {
	t.Helper()
	q := "SELECT 'column ' || name || ' ' || type || ' ' || \"notnull\" || ' ' || coalesce(dflt_value, '') FROM pragma_table_info('playlist_videos') " +
		"UNION ALL SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master " +
		"WHERE type IN ('index', 'trigger') AND tbl_name IN ('playlist_videos', 'videos') ORDER BY 1"
	if db.dialect == DialectPostgres {
		q = "SELECT 'column ' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') " +
			"FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'playlist_videos' " +
			"UNION ALL SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes " +
			"WHERE schemaname = current_schema() AND tablename IN ('playlist_videos', 'videos') " +
			"UNION ALL SELECT 'trigger ' || tgname || ' on ' || tgrelid::regclass::text FROM pg_trigger " +
			"WHERE NOT tgisinternal AND tgrelid IN ('playlist_videos'::regclass, 'videos'::regclass) " +
			"UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace ORDER BY 1"
	}
	var out []string
	if err := db.bun.NewRaw(q).Scan(t.Context(), &out); err != nil {
		t.Fatalf("describe the schema: %v", err)
	}
	return out
}

// wantEntriesInStep fails unless every playlist entry's copies of its
// video's publication and owner are the video's.
func wantEntriesInStep(t *testing.T, db *DB) {
	t.Helper()
	var wrong []string
	err := db.bun.NewRaw("SELECT pv.playlist_id || '/' || pv.video_id FROM playlist_videos AS pv JOIN videos AS v ON v.id = pv.video_id "+
		"WHERE pv.video_published <> v.published OR pv.video_owner IS DISTINCT FROM v.owner_id").Scan(t.Context(), &wrong)
	if err != nil {
		t.Fatalf("read entries: %v", err)
	}
	if len(wrong) > 0 {
		t.Fatalf("entries out of step with their videos: %v", wrong)
	}
}

// anyPlaylist is a playlist change's check that lets every change through.
func anyPlaylist(*playlist.Playlist) error { return nil }
