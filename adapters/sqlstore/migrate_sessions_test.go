package sqlstore

import (
	"io/fs"
	"path"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
)

// rotatedHashesMigration replaced alternate_hash and previous_hash by
// rotated_hashes.
const rotatedHashesMigration = "20261130000001"

// legacySessionRow is a row of sessions as it was before that migration.
type legacySessionRow struct {
	bun.BaseModel `bun:"table:sessions"`

	ID            string `bun:"id,pk"`
	UserID        string `bun:"user_id"`
	CurrentHash   string `bun:"current_hash"`
	AlternateHash string `bun:"alternate_hash"`
	PreviousHash  string `bun:"previous_hash"`
	RotatedAt     msTime `bun:"rotated_at"`
	CreatedAt     msTime `bun:"created_at"`
	LastUsedAt    msTime `bun:"last_used_at"`
	ExpiresAt     msTime `bun:"expires_at"`
	UserAgent     string `bun:"user_agent"`
	Version       int64  `bun:"version"`
}

// rollBackFrom undoes the migration name and those applied after it, in
// groups, newest first: name must be alone in its group, as
// migrateBefore(name+"~") and migrateThrough apply it.
func rollBackFrom(t *testing.T, db *DB, name string) {
	t.Helper()
	m, err := db.migrator()
	if err != nil {
		t.Fatal(err)
	}
	for {
		group, err := m.Rollback(t.Context())
		if err != nil || len(group.Migrations) == 0 {
			t.Fatalf("Rollback: %v, %v", group, err)
		}
		for _, mg := range group.Migrations {
			if mg.Name < name {
				t.Fatalf("Rollback of %s undid %s, an older one", name, mg.Name)
			}
			if mg.Name == name {
				if len(group.Migrations) != 1 {
					t.Fatalf("Rollback: %s was not applied alone: %v", name, group)
				}
				return
			}
		}
	}
}

// requireNoListCounts fails the test when list_counts holds a row of one
// of lists: what a migration's rollback must take with it.
func requireNoListCounts(t *testing.T, db *DB, lists ...string) {
	t.Helper()
	var left int
	if err := db.bun.NewRaw("SELECT count(*) FROM list_counts WHERE list IN (?)", bun.List(lists)).Scan(t.Context(), &left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Fatalf("%d counts of %v left after the rollback", left, lists)
	}
}

// migrateThrough applies the embedded migrations through name, name
// alone in a group of its own (see rollBackFrom), then the newer ones,
// which the store's code reads, in another.
func migrateThrough(t *testing.T, db *DB, name string) {
	t.Helper()
	migrateBefore(t, db, name+"~")
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("migrate after %s: %v", name, err)
	}
}

// migrateBefore applies the embedded migrations older than name only.
func migrateBefore(t *testing.T, db *DB, name string) {
	t.Helper()
	dir := "migrations/" + db.dialect
	older := fstest.MapFS{}
	err := fs.WalkDir(migrationFiles, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || path.Base(p) >= name {
			return err
		}
		b, err := fs.ReadFile(migrationFiles, p)
		older[path.Base(p)] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatalf("read migrations: %v", err)
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(older); err != nil {
		t.Fatalf("discover: %v", err)
	}
	m := migrate.NewMigrator(db.bun, ms, migrate.WithMarkAppliedOnSuccess(true))
	if err := m.Init(t.Context()); err != nil {
		t.Fatalf("init: %v", err)
	}
	if _, err := m.Migrate(t.Context()); err != nil {
		t.Fatalf("migrate before %s: %v", name, err)
	}
}

// previousHash reads previous_hash, which exists only below the migration.
func previousHash(t *testing.T, db *DB, sid id.ID) string {
	t.Helper()
	var row legacySessionRow
	if err := db.bun.NewSelect().Model(&row).Where("id = ?", sid.String()).Scan(t.Context()); err != nil {
		t.Fatalf("read legacy session: %v", err)
	}
	return row.PreviousHash
}

// The migration keeps the hash rotated out last, both ways, and can be
// undone and done again.
func TestMigrateSessionRotatedHashes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, rotatedHashesMigration)

		u := mustUser(t, 1)
		// The users table of that time has no search_text.
		if _, err := db.bun.NewInsert().Model(toUserRow(u)).ExcludeColumn("search_text").Exec(ctx); err != nil {
			t.Fatalf("insert user: %v", err)
		}
		now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		rotated, fresh := id.ID("00000000000000000000000a"), id.ID("00000000000000000000000b")
		h := func(c byte) string { return string(slices.Repeat([]byte{c}, 64)) }
		for _, row := range []*legacySessionRow{
			{ID: rotated.String(), CurrentHash: h('c'), AlternateHash: h('a'), PreviousHash: h('p'), RotatedAt: msTime(now)},
			{ID: fresh.String(), CurrentHash: h('f')},
		} {
			row.UserID, row.CreatedAt, row.LastUsedAt, row.ExpiresAt = u.ID().String(), msTime(now), msTime(now), msTime(now.Add(time.Hour))
			if _, err := db.bun.NewInsert().Model(row).Exec(ctx); err != nil {
				t.Fatalf("insert legacy session: %v", err)
			}
		}

		// Only this migration, so that it is the group a rollback undoes.
		migrateBefore(t, db, trashStatesMigration)
		wantRotated := func(sid id.ID, want ...string) *session.Session {
			t.Helper()
			s, err := db.Sessions().ByID(ctx, sid)
			if err != nil {
				t.Fatalf("ByID: %v", err)
			}
			if got := s.Stored().Rotated; !slices.Equal(got, want) {
				t.Fatalf("session %s: rotated %v, want %v", sid, got, want)
			}
			return s
		}
		s := wantRotated(rotated, h('p'))
		wantRotated(fresh)
		if _, err := s.Refresh(h('c'), h('n'), now.Add(time.Minute), time.Hour); err != nil {
			t.Fatalf("Refresh: %v", err)
		}
		if err := db.Sessions().Update(ctx, s); err != nil {
			t.Fatalf("Update: %v", err)
		}
		wantRotated(rotated, h('p'), h('c'))

		rollBackFrom(t, db, rotatedHashesMigration)
		if got := previousHash(t, db, rotated); got != h('c') {
			t.Fatalf("previous_hash after down = %q, want the last rotated", got)
		}
		if got := previousHash(t, db, fresh); got != "" {
			t.Fatalf("previous_hash of a fresh session after down = %q", got)
		}

		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		wantRotated(rotated, h('c'))
		wantRotated(fresh)
	})
}
