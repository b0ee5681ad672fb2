package uploads

import (
	"context"
	"time"

	"github.com/stagecast/stagecast/domain/media"
)

// sweepBatch bounds the work of one sweep.
const sweepBatch = 100

// SweepTrash acts on the due items of the trash. It deletes the objects of
// keys to delete (leftovers of failed deletions, discarded files), of
// reserved uploads nobody claimed, and of claimed keys no row took; a key
// that a row points at is never deleted, only forgotten. A failed deletion
// is retried with a backoff that doubles up to an hour. It returns how many
// objects it deleted.
func (s *Service) SweepTrash(ctx context.Context) (int, error) {
	now := s.now()
	items, err := s.trash.Due(ctx, now, sweepBatch)
	if err != nil {
		return 0, err
	}
	deleted := 0
	for _, it := range items {
		doomed, err := s.doomed(ctx, it)
		if err != nil {
			return deleted, err
		}
		if !doomed {
			continue
		}
		if err := s.media.Delete(ctx, it.Key); err != nil {
			backoff := min(time.Minute<<min(it.Attempts, 6), time.Hour)
			s.log.WarnContext(ctx, "media delete failed; retrying later", "key", it.Key, "attempts", it.Attempts+1, "err", err)
			if err := s.trash.Postpone(ctx, it.Key, now.Add(backoff)); err != nil {
				return deleted, err
			}
			continue
		}
		if err := s.trash.Deleted(ctx, it.Key, now); err != nil {
			return deleted, err
		}
		deleted++
	}
	return deleted, nil
}

// doomed decides a due item's fate: it reports whether its object is to be
// deleted now, having moved the item to TrashDelete when it was not, or
// else forgets it. Each move checks the state the item was read in, so a
// request that changed the key meanwhile wins.
func (s *Service) doomed(ctx context.Context, it media.TrashItem) (bool, error) {
	if it.State == media.TrashPending {
		// Nobody claimed the upload: no row can point at it.
		return s.trash.Expire(ctx, it.Key)
	}
	used, err := s.mediaInUse(ctx, it.Key)
	switch {
	case err != nil:
		return false, err
	case used:
		// A row points at it after all: a deletion whose row stayed, or a
		// claim confirmed. The object stays; the item goes.
		_, err := s.trash.Release(ctx, it.Key, it.State, it.DueAt)
		return false, err
	case it.State == media.TrashClaimed:
		// Claimed, but no row took it: its request died in between.
		return s.trash.Doom(ctx, it.Key, it.DueAt)
	}
	return true, nil
}
