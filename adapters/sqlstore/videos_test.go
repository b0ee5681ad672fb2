package sqlstore

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/video"
)

// What the contract suite sees through the ports, checked here in the
// tables: the schema's cascades and references.

func mustVideo(t *testing.T, n int, owner id.ID) *video.Video {
	t.Helper()
	v, err := video.New(video.NewParams{
		ID: id.ID(fmt.Sprintf("%024x", n)), Owner: owner,
		File: video.Media{URL: "u", Key: "k"}, Thumbnail: video.Media{URL: "t", Key: "tk"},
		Title: "Title", Duration: 1.5, Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	})
	if err != nil {
		t.Fatalf("video.New: %v", err)
	}
	return v
}

func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	n, err := db.bun.NewSelect().Table(table).Count(t.Context())
	if err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}

// Deleting a video is one DELETE; the foreign key of its counted views
// takes them along, while that of the history refuses a video that still
// has entries (the use case removes them first). On SQLite both need
// foreign_keys=1.
func TestDeletingVideoCascades(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		u := mustUser(t, 1)
		if err := db.Users().Create(ctx, u); err != nil {
			t.Fatalf("Create user: %v", err)
		}
		gone, kept := mustVideo(t, 10, u.ID()), mustVideo(t, 11, u.ID())
		for _, v := range []*video.Video{gone, kept} {
			if err := db.Videos().Create(ctx, v); err != nil {
				t.Fatalf("Create video: %v", err)
			}
			if _, _, err := db.Videos().RecordView(ctx, v.ID(), "0000000000000000000000ff", time.Now(), time.Hour); err != nil {
				t.Fatalf("RecordView: %v", err)
			}
			if err := db.History().Touch(ctx, u.ID(), v.ID(), time.Now()); err != nil {
				t.Fatalf("Touch: %v", err)
			}
		}
		if err := db.Videos().Delete(ctx, gone.ID()); !errors.Is(err, video.ErrInUse) {
			t.Fatalf("Delete of a video in a history: %v, want ErrInUse", err)
		}
		if _, err := db.History().RemoveVideo(ctx, gone.ID()); err != nil {
			t.Fatalf("RemoveVideo: %v", err)
		}
		if err := db.Videos().Delete(ctx, gone.ID()); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		for _, table := range []string{"videos", "video_views", "watch_history"} {
			if n := countRows(t, db, table); n != 1 {
				t.Fatalf("%s: %d rows left, want the other video's 1", table, n)
			}
		}
	})
}

// Videos reference their owner without a cascade: an account with videos
// cannot be deleted behind the use case that trashes their media.
func TestVideoOwnerReference(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		err := db.Videos().Create(ctx, mustVideo(t, 10, mustUser(t, 1).ID()))
		if err == nil || errs.KindOf(err) != errs.Internal {
			t.Fatalf("Create for a missing owner = %v, want an Internal error", err)
		}
		u := mustUser(t, 1)
		if err := db.Users().Create(ctx, u); err != nil {
			t.Fatalf("Create user: %v", err)
		}
		if err := db.Videos().Create(ctx, mustVideo(t, 10, u.ID())); err != nil {
			t.Fatalf("Create video: %v", err)
		}
		if _, err := db.bun.NewDelete().Table("users").Where("id = ?", u.ID().String()).Exec(ctx); err == nil {
			t.Fatal("deleting an account with videos succeeded")
		}
	})
}

// The search column is lowered by Go, not by the database; this pins what
// existing rows hold, which every later write must keep computing alike.
func TestSearchTextColumn(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		u := mustUser(t, 1)
		if err := db.Users().Create(ctx, u); err != nil {
			t.Fatalf("Create user: %v", err)
		}
		v := mustVideo(t, 10, u.ID())
		desc := "ÉCOLE ÀÖ"
		if err := v.Edit("Title İ", &desc, time.Now()); err != nil {
			t.Fatalf("Edit: %v", err)
		}
		if err := db.Videos().Create(ctx, v); err != nil {
			t.Fatalf("Create video: %v", err)
		}
		var text string
		if err := db.bun.NewRaw("SELECT search_text FROM videos").Scan(ctx, &text); err != nil {
			t.Fatalf("read search_text: %v", err)
		}
		if want := "title i\nécole àö"; text != want {
			t.Fatalf("search_text = %q, want %q", text, want)
		}
	})
}

// Every down migration undoes its up migration, so the schema can be
// rolled back and brought up again.
func TestMigrateRollback(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		m, err := db.migrator()
		if err != nil {
			t.Fatalf("migrator: %v", err)
		}
		for migrationCount(t, db) > 0 {
			if _, err := m.Rollback(t.Context()); err != nil {
				t.Fatalf("Rollback: %v", err)
			}
		}
		if _, err := db.Videos().ByID(t.Context(), "0123456789abcdef01234567"); err == nil || errs.KindOf(err) != errs.Internal {
			t.Fatalf("ByID after rolling back = %v, want an Internal error (no table)", err)
		}
		if err := db.Migrate(t.Context()); err != nil {
			t.Fatalf("Migrate after rolling back: %v", err)
		}
		if n, want := migrationCount(t, db), migrationFileCount(t, b.name); n != want {
			t.Fatalf("migrations recorded: %d, want %d", n, want)
		}
	})
}
