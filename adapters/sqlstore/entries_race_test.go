package sqlstore

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
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
			if err := togglePublished(ctx, db, v.ID(), 21); err != nil {
				errc <- err
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

	err = duringUnpublish(t, db, v, func() error {
		_, err := db.Playlists().AddVideo(ctx, pl.ID(), v.ID(), time.Now(), anyPlaylist)
		return err
	})
	if err != nil {
		t.Fatalf("AddVideo: %v", err)
	}
	if n := countRows(t, db, "playlist_videos"); n != 1 {
		t.Fatalf("%d entries, want 1", n)
	}
	wantEntriesInStep(t, db)
}
