package app

import (
	"context"
	"time"
)

// sweepBatch bounds the work of one sweep.
const sweepBatch = 100

// SweepTrash deletes the due objects in the trash: leftovers of failed
// deletions and direct uploads nobody finalized. A failure is retried with
// a backoff that doubles up to an hour. It returns how many it deleted.
func (a *App) SweepTrash(ctx context.Context) (int, error) {
	now := a.now()
	items, err := a.trash.Due(ctx, now, sweepBatch)
	if err != nil {
		return 0, err
	}
	deleted := 0
	for _, it := range items {
		if err := a.media.Delete(ctx, it.Key); err != nil {
			backoff := min(time.Minute<<min(it.Attempts, 6), time.Hour)
			a.log.WarnContext(ctx, "media delete failed; retrying later", "key", it.Key, "attempts", it.Attempts+1, "err", err)
			if err := a.trash.Postpone(ctx, it.Key, now.Add(backoff)); err != nil {
				return deleted, err
			}
			continue
		}
		if err := a.trash.Remove(ctx, it.Key); err != nil {
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
