package sqlstore

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/list"
)

// socialMigration added follows, likes, comments, posts, playlists and
// users.search_text.
const socialMigration = "20261201000001"

// ownerPublishedMigration is the one after it, which indexes videos by
// owner and publication.
const ownerPublishedMigration = "20261201000002"

// Accounts stored before the migration get a search text, so that search
// finds them; the migration can be undone and done again.
func TestSocialMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, socialMigration)
		u := mustUser(t, 1)
		// A name whose folding only Go gets right in every store.
		if err := u.Rename("Élodie Ünal", time.Now()); err != nil {
			t.Fatal(err)
		}
		u.Verify(time.Now())
		if _, err := db.bun.NewInsert().Model(toUserRow(u)).ExcludeColumn("search_text").Exec(ctx); err != nil {
			t.Fatalf("insert legacy user: %v", err)
		}
		// Only this migration, so that it is the group a rollback undoes,
		// and the backfill that Migrate runs after it.
		migrateBefore(t, db, ownerPublishedMigration)
		if err := db.backfillUserSearch(ctx); err != nil {
			t.Fatal(err)
		}
		found := func() int {
			t.Helper()
			got, err := db.Users().Search(ctx, "élodie ü", list.Window{Limit: 10})
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			return len(got)
		}
		// Search itself needs the later migrations (the search index), so
		// the backfill is checked on the column.
		var text string
		if err := db.bun.NewSelect().Table("users").Column("search_text").Where("id = ?", u.ID().String()).Scan(ctx, &text); err != nil {
			t.Fatal(err)
		}
		if want := userSearchText(u.Name(), u.Username()); text != want {
			t.Fatalf("search_text after the backfill = %q, want %q", text, want)
		}

		rollBackFrom(t, db, socialMigration)
		if _, err := db.bun.NewSelect().Table("follows").Count(ctx); err == nil {
			t.Fatal("follows is still there after the rollback")
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		if n := found(); n != 1 {
			t.Fatalf("Search after migrating again found %d accounts", n)
		}
	})
}
