package sqlstore

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/uptrace/bun/migrate"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// searchIndexMigration adds the trigram indexes of search.
const searchIndexMigration = "20261202000002"

// The migration indexes the rows stored before it, accounts whose search
// text the backfill writes after it included; it can be undone and done
// again, and the index follows the writes after that.
func TestSearchIndexMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, searchIndexMigration)

		owner := socialUser(t, db, 1, "Stored Before")
		legacy := mustUser(t, 2)
		if err := legacy.Rename("Legacy Lindqvist", time.Now()); err != nil {
			t.Fatal(err)
		}
		legacy.Verify(time.Now())
		if _, err := db.bun.NewInsert().Model(toUserRow(legacy)).ExcludeColumn("search_text").Exec(ctx); err != nil {
			t.Fatalf("insert an account without search text: %v", err)
		}
		v := mustVideo(t, 10, owner)
		desc := "Recorded before the index"
		if err := v.Edit("Ancient Footage", &desc, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := db.Videos().Create(ctx, v); err != nil {
			t.Fatalf("Create video: %v", err)
		}
		name, pdesc := "Old Favourites", "kept since forever"
		p, err := playlist.New(id.ID(fmt.Sprintf("%024x", 20)), owner, playlist.Details{Name: &name, Description: &pdesc}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Playlists().Create(ctx, p); err != nil {
			t.Fatalf("Create playlist: %v", err)
		}

		found := func(what string) {
			t.Helper()
			for _, needle := range []string{"ANCIENT", "before the", "re", "r"} {
				page, err := db.Videos().List(ctx, video.Query{Search: needle, Limit: 10})
				if err != nil || len(page.Items) != 1 || page.Items[0].ID() != v.ID() {
					t.Fatalf("%s: videos %q: %d found (%v)", what, needle, len(page.Items), err)
				}
			}
			for needle, want := range map[string]id.ID{"stored before": owner, "lindqvist": legacy.ID(), "qv": legacy.ID()} {
				got, err := db.Users().Search(ctx, needle, list.Window{Limit: 10})
				if err != nil || len(got) != 1 || got[0].ID() != want {
					t.Fatalf("%s: accounts %q: %d found (%v)", what, needle, len(got), err)
				}
			}
			for _, needle := range []string{"favourites", "SINCE", "fo"} {
				page, err := db.Playlists().List(ctx, playlist.Query{Search: needle, Window: list.Window{Limit: 10}})
				if err != nil || len(page.Items) != 1 || page.Items[0].Playlist.ID() != p.ID() {
					t.Fatalf("%s: playlists %q: %d found (%v)", what, needle, len(page.Items), err)
				}
			}
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		found("after migrating")
		if b.name == DialectSQLite {
			wantSearchKeysInStep(t, db)
		}

		m, err := db.migrator()
		if err != nil {
			t.Fatal(err)
		}
		// The last group holds this migration and any after it.
		group, err := m.Rollback(ctx)
		if err != nil || !slices.ContainsFunc(group.Migrations, func(m migrate.Migration) bool { return m.Name == searchIndexMigration }) {
			t.Fatalf("Rollback: %v, %v", group, err)
		}
		var left int
		q := "SELECT count(*) FROM sqlite_master WHERE name LIKE '%search%'"
		if b.name == DialectPostgres {
			q = "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%search%'"
		}
		if err := db.bun.QueryRowContext(ctx, q).Scan(&left); err != nil || left != 0 {
			t.Fatalf("%d search objects left after the rollback (%v)", left, err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		found("after migrating again")

		_, err = db.Videos().Update(ctx, v.ID(), func(v *video.Video) error { return v.Edit("Modern Footage", nil, time.Now()) })
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		page, err := db.Videos().List(ctx, video.Query{Search: "ancient", Limit: 10})
		if err != nil || len(page.Items) != 0 {
			t.Fatalf("the old title still finds %d videos (%v)", len(page.Items), err)
		}
		_, err = db.Users().Update(ctx, legacy.ID(), func(u *user.User) error { return u.Rename("Renamed", time.Now()) })
		if err != nil {
			t.Fatalf("Update user: %v", err)
		}
		if got, err := db.Users().Search(ctx, "lindqvist", list.Window{Limit: 10}); err != nil || len(got) != 0 {
			t.Fatalf("the old name still finds %d accounts (%v)", len(got), err)
		}
		if b.name == DialectSQLite {
			wantSearchKeysInStep(t, db)
		}
	})
}
