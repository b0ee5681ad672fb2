package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// Watches racing a video's publication toggles end cleanly (a watch of a
// video just hidden is not found, nothing deadlocks) and leave every
// entry's hidden flag as its video says.
func TestWatchesRacingPublication(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		const viewers = 8
		v, users := publishedWithViewers(t, db, viewers)

		var wg sync.WaitGroup
		errc := make(chan error, viewers+1)
		for _, u := range users[1:] {
			wg.Go(func() {
				for range 20 {
					err := db.History().Watch(ctx, u.ID(), v.ID(), time.Now(), time.Hour)
					if err != nil && !errors.Is(err, video.ErrNotFound) {
						errc <- fmt.Errorf("Watch: %w", err)
						return
					}
				}
			})
		}
		wg.Go(func() {
			if err := togglePublished(ctx, db, v.ID(), 20); err != nil {
				errc <- err
			}
		})
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}

		final, err := db.Videos().ByID(ctx, v.ID())
		if err != nil {
			t.Fatal(err)
		}
		var wrong int
		err = db.bun.NewRaw("SELECT count(*) FROM watch_history WHERE video_id = ? AND hidden = ?",
			v.ID().String(), final.Published()).Scan(ctx, &wrong)
		if err != nil {
			t.Fatal(err)
		}
		if wrong != 0 {
			t.Fatalf("%d entries flagged against their video (published %v)", wrong, final.Published())
		}
	})
}

// A watch that starts while a video is being unpublished waits for the
// change, then finds the video hidden: without the watch's lock it would
// read the video as it was and write an entry flagged visible after the
// change had flagged the others. PostgreSQL only: SQLite runs one writer
// at a time, so no watch can read the video while a change is open.
func TestWatchWaitsForPublication(t *testing.T) {
	t.Parallel()
	postgresURL(t)
	db := testPostgres(t)
	ctx := t.Context()
	v, users := publishedWithViewers(t, db, 1)
	viewer := users[1]

	err := duringUnpublish(t, db, v, func() error {
		return db.History().Watch(ctx, viewer.ID(), v.ID(), time.Now(), time.Hour)
	})
	if !errors.Is(err, video.ErrNotFound) {
		t.Fatalf("Watch of a video unpublished meanwhile: %v, want ErrNotFound", err)
	}
	if n := countRows(t, db, "watch_history"); n != 0 {
		t.Fatalf("%d entries for a video hidden before the watch ended", n)
	}
}

// togglePublished toggles the video's publication n times, each through
// videos.Update.
func togglePublished(ctx context.Context, db *DB, vid id.ID, n int) error {
	for range n {
		_, err := db.Videos().Update(ctx, vid, func(v *video.Video) error { v.TogglePublished(time.Now()); return nil })
		if err != nil {
			return fmt.Errorf("Update: %w", err)
		}
	}
	return nil
}

// duringUnpublish runs write while a change that unpublishes v is held
// open, the video locked as videos.Update locks it, and commits the change
// once write waits for it (or has returned, which the caller's checks then
// catch); it returns write's error. PostgreSQL only.
func duringUnpublish(t *testing.T, db *DB, v *video.Video, write func() error) error {
	t.Helper()
	ctx := t.Context()
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
	done := make(chan error, 1)
	go func() { done <- write() }()
	for waiting := 0; waiting == 0; {
		select {
		case err := <-done:
			done <- err
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
	return <-done
}

// publishedWithViewers stores an owner, viewers other accounts and a
// published video of the owner's; users are the owner, then the viewers.
func publishedWithViewers(t *testing.T, db *DB, viewers int) (*video.Video, []*user.User) {
	t.Helper()
	owner := mustUser(t, 1)
	users := []*user.User{owner}
	for n := range viewers {
		users = append(users, namedUser(t, 100+n, fmt.Sprintf("viewer_%d", n), fmt.Sprintf("viewer%d@example.com", n)))
	}
	for _, u := range users {
		if err := db.Users().Create(t.Context(), u); err != nil {
			t.Fatalf("Create user: %v", err)
		}
	}
	v := mustVideo(t, 10, owner.ID())
	v.TogglePublished(time.Now())
	if err := db.Videos().Create(t.Context(), v); err != nil {
		t.Fatalf("Create video: %v", err)
	}
	return v, users
}

// Watches, removals and clears of histories racing publication toggles of
// the videos they hold all end cleanly (on PostgreSQL, every writer of the
// history counts locks them in one order, so none deadlocks), and leave
// each user's count equal to their visible entries.
func TestHistoryCountsUnderRacingWrites(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		const viewers, rounds = 6, 15
		x, users := publishedWithViewers(t, db, viewers)
		y := mustVideo(t, 11, users[0].ID())
		y.TogglePublished(time.Now())
		if err := db.Videos().Create(ctx, y); err != nil {
			t.Fatalf("Create video: %v", err)
		}

		var wg sync.WaitGroup
		errc := make(chan error, viewers+2)
		for _, v := range []*video.Video{x, y} {
			wg.Go(func() {
				for range rounds {
					_, err := db.Videos().Update(ctx, v.ID(), func(v *video.Video) error { v.TogglePublished(time.Now()); return nil })
					if err != nil {
						errc <- fmt.Errorf("Update: %w", err)
						return
					}
				}
			})
		}
		for i, u := range users[1:] {
			wg.Go(func() {
				for r := range rounds {
					for _, v := range []*video.Video{x, y} {
						if err := db.History().Touch(ctx, u.ID(), v.ID(), time.Now()); err != nil {
							errc <- fmt.Errorf("Touch: %w", err)
							return
						}
					}
					var err error
					if (r+i)%2 == 0 {
						_, err = db.History().Clear(ctx, u.ID())
					} else if err = db.History().Remove(ctx, u.ID(), y.ID()); errors.Is(err, video.ErrNotInHistory) {
						err = nil
					}
					if err != nil {
						errc <- fmt.Errorf("remove: %w", err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}

		for _, u := range users[1:] {
			var kept, visible int
			if err := db.bun.NewRaw("SELECT coalesce(max(items), 0) FROM list_counts WHERE list = 'history' AND subject = ?", u.ID().String()).Scan(ctx, &kept); err != nil {
				t.Fatal(err)
			}
			if err := db.bun.NewRaw("SELECT count(*) FROM watch_history WHERE user_id = ? AND hidden = FALSE", u.ID().String()).Scan(ctx, &visible); err != nil {
				t.Fatal(err)
			}
			if kept != visible {
				t.Fatalf("%s: history count %d, %d visible entries", u.ID(), kept, visible)
			}
		}
	})
}
