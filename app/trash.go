package app

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/media"
)

// sweepBatch bounds the work of one sweep.
const sweepBatch = 100

// SweepTrash acts on the due items of the trash: it deletes objects
// waiting for deletion (leftovers of failed deletions, discarded files) and
// reserved uploads nobody claimed, and forgets claimed keys whose grant has
// lapsed. A failed deletion is retried with a backoff that doubles up to an
// hour. It returns how many objects it deleted.
func (a *App) SweepTrash(ctx context.Context) (int, error) {
	now := a.now()
	items, err := a.trash.Due(ctx, now, sweepBatch)
	if err != nil {
		return 0, err
	}
	deleted := 0
	for _, it := range items {
		switch it.State {
		case media.TrashClaimed:
			if _, err := a.trash.Release(ctx, it.Key, it.DueAt); err != nil {
				return deleted, err
			}
			continue
		case media.TrashPending:
			// Only a reservation still pending may go: a claim that came
			// first made the file part of a row.
			expired, err := a.trash.Expire(ctx, it.Key)
			if err != nil {
				return deleted, err
			}
			if !expired {
				continue
			}
		}
		if err := a.media.Delete(ctx, it.Key); err != nil {
			backoff := min(time.Minute<<min(it.Attempts, 6), time.Hour)
			a.log.WarnContext(ctx, "media delete failed; retrying later", "key", it.Key, "attempts", it.Attempts+1, "err", err)
			if err := a.trash.Postpone(ctx, it.Key, now.Add(backoff)); err != nil {
				return deleted, err
			}
			continue
		}
		if err := a.trash.Deleted(ctx, it.Key, now); err != nil {
			return deleted, err
		}
		deleted++
	}
	return deleted, nil
}

// endedSessionRetention is how long ended sessions are kept: they can no
// longer be used, and a day helps tracing a revocation.
const endedSessionRetention = 24 * time.Hour

// SweepSessions deletes sessions that ended more than a day ago and
// returns how many.
func (a *App) SweepSessions(ctx context.Context) (int, error) {
	return a.sessions.DeleteEnded(ctx, a.now().Add(-endedSessionRetention))
}
