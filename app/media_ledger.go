package app

import (
	"context"
	"time"
)

// Timing of the media ledger (see media.Trash).
const (
	// claimConfirm is how long after a claim the sweeper checks that a row
	// took the key: far longer than any request takes between its claim
	// and its write, so that only the leftovers of a crash are deleted.
	claimConfirm = time.Hour
	// deleteGrace is how long the files of a row being deleted wait in the
	// trash before the sweeper may delete them: the request deletes them
	// itself once the row is gone, and the sweeper only finishes what a
	// crash or a storage failure left.
	deleteGrace = 15 * time.Minute
)

// claim takes the reserved keys of uploads for the row about to be written,
// all or none. A direct upload that another request claimed first is
// ErrUploadKey; a streamed upload whose reservation lapsed (it outran the
// longest upload allowed) is ErrUploadLapsed, and its file is being reaped.
func (a *App) claim(ctx context.Context, items ...StoredMedia) error {
	keys := make([]string, 0, len(items))
	direct := false
	for _, it := range items {
		keys = append(keys, it.Key)
		direct = direct || it.direct
	}
	ok, err := a.trash.Claim(ctx, a.now().Add(claimConfirm), keys...)
	switch {
	case err != nil:
		return err
	case ok:
		return nil
	case direct:
		return ErrUploadKey
	}
	return ErrUploadLapsed
}

// letGo gives up uploads a failed request did not claim: streamed ones are
// deleted, as nobody else knows their keys; direct ones stay pending, for
// the client to use again, and are reaped if it never does.
func (a *App) letGo(ctx context.Context, items ...StoredMedia) {
	for _, it := range items {
		if !it.direct {
			a.abandon(ctx, it.Key)
		}
	}
}

// abandon deletes reserved objects that will not be used, each only if it
// is still pending: a claim that came first keeps its object.
func (a *App) abandon(ctx context.Context, keys ...string) {
	ctx = context.WithoutCancel(ctx)
	for _, key := range keys {
		expired, err := a.trash.Expire(ctx, key)
		if err != nil {
			a.log.WarnContext(ctx, "abandoning an upload; the sweeper will reap it", "key", key, "err", err)
			continue
		}
		if expired {
			a.deleteTrashed(ctx, key)
		}
	}
}

// discard deletes objects the caller owns and no row points at any more (a
// replaced thumbnail, the claimed files of a row that could not be
// written). Each key goes to the trash first, so that a deletion that
// fails, or a crash, is finished by the sweeper.
func (a *App) discard(ctx context.Context, keys ...string) {
	ctx = context.WithoutCancel(ctx)
	if err := a.trash.Add(ctx, a.now(), keys...); err != nil {
		a.log.ErrorContext(ctx, "trashing discarded media", "keys", keys, "err", err)
	}
	a.deleteTrashed(ctx, keys...)
}

// deleteTrashed deletes objects whose keys are in the trash, to delete,
// and records each deletion; a failure stays in the trash for the sweeper.
func (a *App) deleteTrashed(ctx context.Context, keys ...string) {
	ctx = context.WithoutCancel(ctx)
	for _, key := range keys {
		if key == "" {
			continue
		}
		if err := a.media.Delete(ctx, key); err != nil {
			a.log.WarnContext(ctx, "media delete failed; left in the trash for retry", "key", key, "err", err)
			continue
		}
		if err := a.trash.Deleted(ctx, key, a.now()); err != nil {
			a.log.WarnContext(ctx, "recording a media deletion", "key", key, "err", err)
		}
	}
}

// mediaInUse reports whether a row points at the stored object key.
func (a *App) mediaInUse(ctx context.Context, key string) (bool, error) {
	if used, err := a.videos.UsesMedia(ctx, key); err != nil || used {
		return used, err
	}
	return a.users.UsesMedia(ctx, key)
}

// DiscardUploads gives up streamed uploads of a request that failed after
// some of its files were stored.
func (a *App) DiscardUploads(ctx context.Context, items ...StoredMedia) {
	a.letGo(ctx, items...)
}
