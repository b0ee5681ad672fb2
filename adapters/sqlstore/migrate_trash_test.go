package sqlstore

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/uptrace/bun/migrate"

	"github.com/stagecast/stagecast/domain/media"
)

// migrateThrough applies the embedded migrations of db's dialect up to and
// including version, as a database last migrated by an older release.
func migrateThrough(t *testing.T, db *DB, version string) {
	t.Helper()
	sub, err := fs.Sub(migrationFiles, "migrations/"+db.dialect)
	if err != nil {
		t.Fatal(err)
	}
	older := fstest.MapFS{}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.SplitN(p, "_", 2)[0] > version {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		older[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(older); err != nil {
		t.Fatal(err)
	}
	m := migrate.NewMigrator(db.bun, ms, migrate.WithMarkAppliedOnSuccess(true))
	if err := m.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Migrate(t.Context()); err != nil {
		t.Fatalf("migrate through %s: %v", version, err)
	}
}

// openUnmigrated opens an empty database of the backend with no schema.
func openUnmigrated(t *testing.T, b backend) *DB {
	t.Helper()
	u := "sqlite:" + t.TempDir() + "/stagecast.db"
	if b.name == DialectPostgres {
		u = postgresSchemaURL(t)
	}
	db, err := Open(t.Context(), u)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// Before the trash knew states, a pending direct upload was a key due in
// the future with no failed deletion; the migration must keep it pending,
// so that its upload can still be finalized, and keep the rest deletions.
func TestTrashStatesMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		migrateThrough(t, db, "20261121000004")
		ctx := t.Context()
		now := time.Now().UTC().Truncate(time.Millisecond)
		for _, row := range []struct {
			key      string
			due      time.Time
			attempts int
		}{
			{"upload", now.Add(90 * time.Minute), 0},
			{"failing", now.Add(30 * time.Minute), 3},
			{"doomed", now.Add(-time.Minute), 0},
		} {
			_, err := db.bun.NewRaw("INSERT INTO media_trash (key, due_at, attempts) VALUES (?, ?, ?)",
				row.key, msTime(row.due), row.attempts).Exec(ctx)
			if err != nil {
				t.Fatalf("insert legacy row: %v", err)
			}
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		got, err := db.Trash().Due(ctx, now.Add(2*time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]media.TrashItem{
			"doomed":  {Key: "doomed", State: media.TrashDelete, DueAt: now.Add(-time.Minute)},
			"failing": {Key: "failing", State: media.TrashDelete, DueAt: now.Add(30 * time.Minute), Attempts: 3},
			"upload":  {Key: "upload", State: media.TrashPending, DueAt: now.Add(90 * time.Minute), GrantUntil: now.Add(30 * time.Minute)},
		}
		if len(got) != len(want) {
			t.Fatalf("Due after migrating: %+v", got)
		}
		for _, it := range got {
			if w := want[it.Key]; it.State != w.State || !it.DueAt.Equal(w.DueAt) || it.Attempts != w.Attempts || !it.GrantUntil.Equal(w.GrantUntil) {
				t.Errorf("%s migrated to %+v, want %+v", it.Key, it, w)
			}
		}
		if ok, err := db.Trash().Pending(ctx, "upload"); err != nil || !ok {
			t.Fatalf("a legacy pending upload is not pending: %v %v", ok, err)
		}
	})
}
