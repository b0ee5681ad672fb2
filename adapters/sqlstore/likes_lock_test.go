package sqlstore

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
)

// On PostgreSQL every deletion of likes takes its items' rows before any
// like's (see lockedTargets): while another transaction holds the item, as
// a deletion of the item does before its cascade reaches the likes, a
// removal waits without holding the like, which that transaction can then
// take at once.
func TestLikeDeletionsTakeTheItemFirst(t *testing.T) {
	t.Parallel()
	postgresURL(t)
	db := testPostgres(t)
	ctx := t.Context()
	v, users := publishedWithViewers(t, db, 1)
	fan := users[1].ID()
	target := like.Target{Kind: like.OnVideo, ID: v.ID()}
	removals := map[string]func() (int, error){
		"Remove": func() (int, error) {
			removed, err := db.Likes().Remove(ctx, fan, target)
			if removed {
				return 1, err
			}
			return 0, err
		},
		"RemoveAll": func() (int, error) { return db.Likes().RemoveAll(ctx, like.OnVideo, []id.ID{v.ID()}) },
	}
	for name, remove := range removals {
		if added, err := db.Likes().Add(ctx, like.Like{User: fan, Target: target, CreatedAt: time.Now()}); err != nil || !added {
			t.Fatalf("%s: Add = %v, %v", name, added, err)
		}
		tx, err := db.bun.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "SELECT id FROM videos WHERE id = ? FOR UPDATE", v.ID().String()); err != nil {
			t.Fatal(err)
		}
		var holder int
		if err := tx.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&holder); err != nil {
			t.Fatal(err)
		}
		type result struct {
			n   int
			err error
		}
		done := make(chan result, 1)
		go func() {
			n, err := remove()
			done <- result{n, err}
		}()
		// Until the removal waits for the video: one that never does (it
		// ended without waiting, or waits past the deadline) fails.
		deadline := time.Now().Add(10 * time.Second)
		for waiting := 0; waiting == 0; time.Sleep(time.Millisecond) {
			select {
			case r := <-done:
				t.Fatalf("%s ended without waiting for the video: %d, %v", name, r.n, r.err)
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s does not wait for the video", name)
			}
			err := db.bun.NewRaw("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))", holder).Scan(ctx, &waiting)
			if err != nil {
				t.Fatal(err)
			}
		}
		// The removal waits for the video and holds no like.
		_, err = tx.ExecContext(ctx, "SELECT 1 FROM video_likes WHERE user_id = ? AND video_id = ? FOR UPDATE NOWAIT",
			fan.String(), v.ID().String())
		if err != nil {
			t.Errorf("%s holds the like while it waits for the video: %v", name, err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if r := <-done; r.err != nil || r.n != 1 {
			t.Fatalf("%s = %d, %v; want 1 like removed", name, r.n, r.err)
		}
	}
}
