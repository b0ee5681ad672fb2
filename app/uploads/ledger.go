package uploads

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

// Claim takes the reserved keys of uploads for the row about to be written,
// all or none. A direct upload that another request claimed first is
// ErrUploadKey; a streamed upload whose reservation lapsed (it outran the
// longest upload allowed) is ErrUploadLapsed, and its file is being reaped.
func (s *Service) Claim(ctx context.Context, items ...StoredMedia) error {
	keys := make([]string, 0, len(items))
	direct := false
	for _, it := range items {
		if it.Key == "" {
			continue // an upload left out, such as an optional thumbnail
		}
		keys = append(keys, it.Key)
		direct = direct || it.direct
	}
	if len(keys) == 0 {
		return nil
	}
	ok, err := s.trash.Claim(ctx, s.now().Add(claimConfirm), keys...)
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

// LetGo gives up uploads a failed request did not claim: streamed ones are
// deleted, as nobody else knows their keys; direct ones stay pending, for
// the client to use again, and are reaped if it never does.
func (s *Service) LetGo(ctx context.Context, items ...StoredMedia) {
	for _, it := range items {
		if !it.direct {
			s.abandon(ctx, it.Key)
		}
	}
}

// abandon deletes reserved objects that will not be used, each only if it
// is still pending: a claim that came first keeps its object.
func (s *Service) abandon(ctx context.Context, keys ...string) {
	ctx = context.WithoutCancel(ctx)
	for _, key := range keys {
		expired, err := s.trash.Expire(ctx, key)
		if err != nil {
			s.log.WarnContext(ctx, "abandoning an upload; the sweeper will reap it", "key", key, "err", err)
			continue
		}
		if expired {
			s.DeleteTrashed(ctx, key)
		}
	}
}

// Discard deletes objects the caller owns and no row points at any more (a
// replaced thumbnail, the claimed files of a row that could not be
// written). Each key goes to the trash first, so that a deletion that
// fails, or a crash, is finished by the sweeper.
func (s *Service) Discard(ctx context.Context, keys ...string) {
	ctx = context.WithoutCancel(ctx)
	if err := s.trash.Add(ctx, s.now(), keys...); err != nil {
		s.log.ErrorContext(ctx, "trashing discarded media", "keys", keys, "err", err)
	}
	s.DeleteTrashed(ctx, keys...)
}

// DeleteTrashed deletes objects whose keys are in the trash, to delete,
// and records each deletion; a failure stays in the trash for the sweeper.
func (s *Service) DeleteTrashed(ctx context.Context, keys ...string) {
	ctx = context.WithoutCancel(ctx)
	for _, key := range keys {
		if key == "" {
			continue
		}
		if err := s.media.Delete(ctx, key); err != nil {
			s.log.WarnContext(ctx, "media delete failed; left in the trash for retry", "key", key, "err", err)
			continue
		}
		if err := s.trash.Deleted(ctx, key, s.now()); err != nil {
			s.log.WarnContext(ctx, "recording a media deletion", "key", key, "err", err)
		}
	}
}

// TrashFiles puts the files of a row about to be deleted in the trash, due
// after a grace period: the caller deletes them itself with DeleteTrashed
// once the row is gone, and the sweeper only finishes what a crash or a
// storage failure left.
func (s *Service) TrashFiles(ctx context.Context, keys ...string) error {
	return s.trash.Add(ctx, s.now().Add(deleteGrace), keys...)
}

// KeepFiles takes back the files of a row whose deletion failed: they are
// in use after all, which the sweeper confirms before it forgets them.
func (s *Service) KeepFiles(ctx context.Context, keys ...string) {
	ctx = context.WithoutCancel(ctx)
	if err := s.trash.Cancel(ctx, s.now().Add(claimConfirm), keys...); err != nil {
		s.log.ErrorContext(ctx, "untrashing the files of a row that stays; the sweeper spares them", "keys", keys, "err", err)
	}
}

// mediaInUse reports whether a row of any store points at the object key.
func (s *Service) mediaInUse(ctx context.Context, key string) (bool, error) {
	for _, u := range s.users {
		if used, err := u.UsesMedia(ctx, key); err != nil || used {
			return used, err
		}
	}
	return false, nil
}
