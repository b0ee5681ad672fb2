package uploads

import (
	"context"
	"errors"
	"strings"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
)

// Check checks that key is a pending direct upload of the caller for
// kind k and inspects the object as StoreUpload inspects a streamed one.
// The key stays pending: the use case claims it when it writes the row. An
// object the checks refuse is deleted, provided it is still pending; a key
// whose object has not arrived yet, or that storage could not read, stays
// pending, so the client can try again.
func (s *Service) Check(ctx context.Context, p app.Principal, k MediaKind, key string) (StoredMedia, error) {
	if !s.ownKey(p, k, key) {
		return StoredMedia{}, ErrUploadKey
	}
	pending, err := s.trash.Pending(ctx, key)
	if err != nil {
		return StoredMedia{}, err
	}
	if !pending {
		return StoredMedia{}, ErrUploadKey
	}
	stored, err := s.inspect(ctx, k, key)
	switch kind := errs.KindOf(err); {
	case err == nil:
	case errors.Is(err, ErrUploadGone):
		return StoredMedia{}, err
	case kind == errs.Invalid || kind == errs.TooLarge:
		// A verdict on the bytes: nobody can use this upload.
		s.abandon(ctx, key)
		return StoredMedia{}, err
	default:
		// Storage failed, or the request ended: the upload may be fine
		// and stays pending for a retry.
		return StoredMedia{}, err
	}
	stored.direct = true
	return stored, nil
}

// inspect checks an object already in storage: size, format and, for a
// video, duration.
func (s *Service) inspect(ctx context.Context, k MediaKind, key string) (StoredMedia, error) {
	info, err := s.media.Stat(ctx, key)
	if errors.Is(err, app.ErrObjectNotFound) {
		return StoredMedia{}, ErrUploadGone
	}
	if err != nil {
		return StoredMedia{}, err
	}
	if info.Size > s.limit(k) {
		return StoredMedia{}, s.tooLarge(k)
	}
	if info.Size == 0 {
		return StoredMedia{}, ErrEmptyUpload
	}
	head, err := s.media.ReadRange(ctx, key, 0, app.SniffLen)
	if err != nil {
		return StoredMedia{}, err
	}
	format, ok := s.probe.Sniff(head)
	if !ok || format.IsVideo() != k.wantVideo() || !strings.HasSuffix(key, format.Ext) {
		return StoredMedia{}, typeError(k)
	}
	stored := StoredMedia{Kind: k, Key: key, URL: s.media.URL(key), Size: info.Size}
	if k.wantVideo() {
		if stored.Duration, err = s.readDuration(ctx, key, info.Size); err != nil {
			return StoredMedia{}, err
		}
	}
	return stored, nil
}
