package sqlstore

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/video"
)

// Entries added and removed while their video's publication toggles end
// cleanly (nothing deadlocks) and leave every entry's copies of its video's
// columns as the video says (migration entry_visibility).
func TestEntriesRacingPublication(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		const fans = 6
		v, users := publishedWithViewers(t, db, fans)
		lists := make([]id.ID, fans)
		for i, u := range users[1:] {
			name := "Mix"
			pl, err := playlist.New(id.ID(fmt.Sprintf("%024x", 300+i)), u.ID(), playlist.Details{Name: &name}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Playlists().Create(ctx, pl); err != nil {
				t.Fatalf("Create playlist: %v", err)
			}
			lists[i] = pl.ID()
		}

		var wg sync.WaitGroup
		errc := make(chan error, fans+1)
		for _, pl := range lists {
			wg.Go(func() {
				for range 15 {
					if _, err := db.Playlists().AddVideo(ctx, pl, v.ID(), time.Now(), anyPlaylist); err != nil {
						errc <- fmt.Errorf("AddVideo: %w", err)
						return
					}
					if _, err := db.Playlists().RemoveVideo(ctx, pl, v.ID(), time.Now(), anyPlaylist); err != nil {
						errc <- fmt.Errorf("RemoveVideo: %w", err)
						return
					}
					if _, err := db.Playlists().AddVideo(ctx, pl, v.ID(), time.Now(), anyPlaylist); err != nil {
						errc <- fmt.Errorf("AddVideo: %w", err)
						return
					}
				}
			})
		}
		wg.Go(func() {
			for range 21 {
				_, err := db.Videos().Update(ctx, v.ID(), func(v *video.Video) error { v.TogglePublished(time.Now()); return nil })
				if err != nil {
					errc <- fmt.Errorf("Update: %w", err)
					return
				}
			}
		})
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		if n := countRows(t, db, "playlist_videos"); n != fans {
			t.Fatalf("%d entries, want %d", n, fans)
		}
		wantEntriesInStep(t, db)
	})
}

// An entry added while its video is being unpublished waits for the
// change, then copies the video as changed: without the trigger's lock it
// would copy the video as it was, after the change had rewritten the
// other entries. PostgreSQL only: SQLite runs one writer at a time.
func TestAddVideoWaitsForPublication(t *testing.T) {
	t.Parallel()
	postgresURL(t)
	db := testPostgres(t)
	ctx := t.Context()
	v, users := publishedWithViewers(t, db, 1)
	name := "Mix"
	pl, err := playlist.New(id.ID(fmt.Sprintf("%024x", 400)), users[1].ID(), playlist.Details{Name: &name}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Playlists().Create(ctx, pl); err != nil {
		t.Fatalf("Create playlist: %v", err)
	}

	// The change, held open: the video locked as videos.Update locks it,
	// and unpublished.
	tx, err := db.bun.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range []string{"SELECT id FROM videos WHERE id = ? FOR UPDATE", "UPDATE videos SET published = FALSE WHERE id = ?"} {
		if _, err := tx.ExecContext(ctx, q, v.ID().String()); err != nil {
			t.Fatal(err)
		}
	}
	var holder int
	if err := tx.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&holder); err != nil {
		t.Fatal(err)
	}
	added := make(chan error, 1)
	go func() {
		_, err := db.Playlists().AddVideo(ctx, pl.ID(), v.ID(), time.Now(), anyPlaylist)
		added <- err
	}()
	// Commit once the add waits for the change's transaction, or has
	// returned (which it must not: the test then fails below).
	for waiting := 0; waiting == 0; {
		select {
		case err := <-added:
			added <- err
			waiting = 1
		default:
			err := db.bun.NewRaw("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))", holder).Scan(ctx, &waiting)
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Millisecond)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-added; err != nil {
		t.Fatalf("AddVideo: %v", err)
	}
	if n := countRows(t, db, "playlist_videos"); n != 1 {
		t.Fatalf("%d entries, want 1", n)
	}
	wantEntriesInStep(t, db)
}
