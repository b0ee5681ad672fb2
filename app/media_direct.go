package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
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
)

// SignUpload reserves a key for the caller and returns a signed target to
// upload it straight to storage. The key goes into the trash, due after
// the target expires, so an upload nobody finalizes is deleted.
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
	key := a.newKey(k, p.UserID, ct.ext)
	expires := a.now().Add(a.set.UploadTTL)
	if err := a.trash.Add(ctx, expires.Add(reapGrace), key); err != nil {
		return UploadGrant{}, err
	}
	target, err := a.media.SignUpload(ctx, key, strings.ToLower(strings.TrimSpace(in.ContentType)), in.Size, expires)
	if err != nil {
		return UploadGrant{}, err
	}
	// Some storages choose their own expiry; reap only after the real one.
	if target.ExpiresAt.After(expires) {
		if err := a.trash.Add(ctx, target.ExpiresAt.Add(reapGrace), key); err != nil {
			return UploadGrant{}, err
		}
	}
	return UploadGrant{Key: key, Target: target}, nil
}

// claimUpload checks that key is a pending direct upload of the caller for
// kind k, takes it out of the trash (so it is used once), and inspects the
// object as StoreUpload inspects a streamed one. An object that fails the
// checks is deleted. A key whose object has not arrived yet stays pending,
// so the client can finish its upload and try again.
func (a *App) claimUpload(ctx context.Context, p Principal, k MediaKind, key string) (StoredMedia, error) {
	if !a.ownKey(p, k, key) {
		return StoredMedia{}, ErrUploadKey
	}
	if _, err := a.media.Stat(ctx, key); errors.Is(err, ErrObjectNotFound) {
		return StoredMedia{}, ErrUploadGone
	} else if err != nil {
		return StoredMedia{}, err
	}
	claimed, err := a.trash.Claim(ctx, key)
	if err != nil {
		return StoredMedia{}, err
	}
	if !claimed {
		return StoredMedia{}, ErrUploadKey
	}
	stored, err := a.inspect(ctx, k, key)
	if err != nil {
		a.discard(ctx, key)
		return StoredMedia{}, err
	}
	return stored, nil
}

// ownKey reports whether key has the exact form of a key SignUpload made
// for the caller and kind: <prefix><user id>/<id><extension>.
func (a *App) ownKey(p Principal, k MediaKind, key string) bool {
	rest, ok := strings.CutPrefix(key, k.keyPrefix()+p.UserID.String()+"/")
	if !ok {
		return false
	}
	name, ext, ok := strings.Cut(rest, ".")
	if !ok || !id.Valid(name) || strings.ToLower(name) != name {
		return false
	}
	ct, known := extensions["."+ext]
	return known && ct == k.wantVideo()
}

// unclaim puts a checked upload back among the pending ones, when the
// request that claimed it failed for another reason, so that it can be
// finalized again and is still reaped if it never is.
func (a *App) unclaim(ctx context.Context, key string) {
	due := a.now().Add(a.set.UploadTTL + reapGrace)
	if err := a.trash.Add(context.WithoutCancel(ctx), due, key); err != nil {
		a.log.ErrorContext(ctx, "returning upload to pending", "key", key, "err", err)
	}
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
