package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/media"
)

// reapGrace is how long after a direct-upload target expires an unclaimed
// upload is deleted: long enough for a slow upload that started in time.
const reapGrace = time.Hour

// contentTypes maps the types a client may announce to their extension.
var contentTypes = map[string]struct {
	ext   string
	video bool
}{
	"video/mp4":       {".mp4", true},
	"video/quicktime": {".mov", true},
	"image/jpeg":      {".jpg", false},
	"image/png":       {".png", false},
	"image/webp":      {".webp", false},
}

// extensions says, for each extension SignUpload gives keys, whether it
// holds a video.
var extensions = func() map[string]bool {
	m := map[string]bool{}
	for _, ct := range contentTypes {
		m[ct.ext] = ct.video
	}
	return m
}()

// SignUploadInput is a request for a direct-upload target.
type SignUploadInput struct {
	Kind        string
	ContentType string
	Size        int64
}

// UploadGrant is a key reserved for the caller and where to upload it.
type UploadGrant struct {
	Key    string
	Target UploadTarget
}

// Errors of direct uploads.
var (
	ErrUploadType = errs.New(errs.Invalid, "Unsupported content type for this kind of upload")
	ErrUploadSize = errs.New(errs.Invalid, "Size must be a positive number of bytes")
	ErrUploadKey  = errs.New(errs.Invalid, "Unknown upload key: request an upload first")
	ErrUploadGone = errs.New(errs.Invalid, "Nothing was uploaded for this key")
	// ErrUploadLapsed answers an upload that took longer than any upload
	// may; its file is gone.
	ErrUploadLapsed = errs.New(errs.Invalid, "The upload took too long; please upload the file again")
)

// SignUpload reserves a key for the caller and returns a signed target to
// upload it straight to storage. The key is reserved in the trash, due
// after the target expires, so an upload nobody finalizes is deleted; the
// reservation also remembers when the grant lapses, because a storage that
// is not served by this API cannot revoke it.
func (a *App) SignUpload(ctx context.Context, p Principal, in SignUploadInput) (UploadGrant, error) {
	k, err := ParseMediaKind(in.Kind)
	if err != nil {
		return UploadGrant{}, err
	}
	ct, ok := contentTypes[strings.ToLower(strings.TrimSpace(in.ContentType))]
	if !ok || ct.video != k.wantVideo() {
		return UploadGrant{}, ErrUploadType
	}
	switch {
	case in.Size <= 0:
		return UploadGrant{}, ErrUploadSize
	case in.Size > a.limit(k):
		return UploadGrant{}, a.tooLarge(k)
	}
	key, err := a.newKey(k, p.UserID, ct.ext)
	if err != nil {
		return UploadGrant{}, err
	}
	expires := a.now().Add(a.set.UploadTTL)
	if err := a.trash.Reserve(ctx, key, expires.Add(reapGrace), expires); err != nil {
		return UploadGrant{}, err
	}
	target, err := a.media.SignUpload(ctx, key, strings.ToLower(strings.TrimSpace(in.ContentType)), in.Size, expires)
	if err != nil {
		return UploadGrant{}, err
	}
	// Some storages choose their own expiry; reap only after the real one.
	if target.ExpiresAt.After(expires) {
		if err := a.trash.Reserve(ctx, key, target.ExpiresAt.Add(reapGrace), target.ExpiresAt); err != nil {
			return UploadGrant{}, err
		}
	}
	return UploadGrant{Key: key, Target: target}, nil
}

// UploadPending reports whether key still awaits its direct upload: it was
// reserved by SignUpload and no row has claimed it, nor has it been
// discarded or reaped. The local storage's upload endpoint asks before it
// writes, which makes each grant single-use.
func (a *App) UploadPending(ctx context.Context, key string) (bool, error) {
	return a.trash.Pending(ctx, key)
}

// checkUpload checks that key is a pending direct upload of the caller for
// kind k and inspects the object as StoreUpload inspects a streamed one.
// The key stays pending: the use case claims it when it writes the row. An
// object the checks refuse is deleted, provided it is still pending; a key
// whose object has not arrived yet, or that storage could not read, stays
// pending, so the client can try again.
func (a *App) checkUpload(ctx context.Context, p Principal, k MediaKind, key string) (StoredMedia, error) {
	if !a.ownKey(p, k, key) {
		return StoredMedia{}, ErrUploadKey
	}
	pending, err := a.trash.Pending(ctx, key)
	if err != nil {
		return StoredMedia{}, err
	}
	if !pending {
		return StoredMedia{}, ErrUploadKey
	}
	stored, err := a.inspect(ctx, k, key)
	switch kind := errs.KindOf(err); {
	case err == nil:
	case errors.Is(err, ErrUploadGone):
		return StoredMedia{}, err
	case kind == errs.Invalid || kind == errs.TooLarge:
		// A verdict on the bytes: nobody can use this upload.
		a.abandon(ctx, key)
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
func (a *App) inspect(ctx context.Context, k MediaKind, key string) (StoredMedia, error) {
	info, err := a.media.Stat(ctx, key)
	if errors.Is(err, ErrObjectNotFound) {
		return StoredMedia{}, ErrUploadGone
	}
	if err != nil {
		return StoredMedia{}, err
	}
	if info.Size > a.limit(k) {
		return StoredMedia{}, a.tooLarge(k)
	}
	if info.Size == 0 {
		return StoredMedia{}, ErrEmptyUpload
	}
	head, err := a.media.ReadRange(ctx, key, 0, media.SniffLen)
	if err != nil {
		return StoredMedia{}, err
	}
	format, ok := media.Sniff(head)
	if !ok || format.IsVideo() != k.wantVideo() || !strings.HasSuffix(key, format.Ext) {
		return StoredMedia{}, typeError(k)
	}
	stored := StoredMedia{Kind: k, Key: key, URL: a.media.URL(key), Size: info.Size}
	if k.wantVideo() {
		if stored.Duration, err = a.readDuration(ctx, key, info.Size); err != nil {
			return StoredMedia{}, err
		}
	}
	return stored, nil
}
