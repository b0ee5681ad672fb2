package sqlstore

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/media"
)

// trashStatesMigration gave the media trash its states.
const trashStatesMigration = "20261130000002"

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
		migrateBefore(t, db, trashStatesMigration)
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
