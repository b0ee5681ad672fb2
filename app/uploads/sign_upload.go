package uploads

import (
	"context"
	"strings"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
)

// reapGrace is how long after a direct-upload target expires an unclaimed
// upload is deleted: long enough for a slow upload that started in time.
const reapGrace = time.Hour

// SignUploadInput is a request for a direct-upload target.
type SignUploadInput struct {
	Kind        string
	ContentType string
	Size        int64
}

// UploadGrant is a key reserved for the caller and where to upload it.
type UploadGrant struct {
	Key    string
	Target app.UploadTarget
}

// Errors of direct uploads.
var (
	ErrUploadType = errs.Define(errs.Invalid, "uploads.content_type", "Unsupported content type for this kind of upload").ForField("contentType")
	ErrUploadSize = errs.Define(errs.Invalid, "uploads.size", "Size must be a positive number of bytes").ForField("size")
	ErrUploadKey  = errs.Define(errs.Invalid, "uploads.unknown_key", "Unknown upload key: request an upload first")
	ErrUploadGone = errs.Define(errs.Invalid, "uploads.not_uploaded", "Nothing was uploaded for this key")
	// ErrUploadLapsed answers an upload that took longer than any upload
	// may; its file is gone.
	ErrUploadLapsed = errs.Define(errs.Invalid, "uploads.lapsed", "The upload took too long; please upload the file again")
)

// SignUpload reserves a key for the caller and returns a signed target to
// upload it straight to storage. The key is reserved in the trash, due
// after the target expires, so an upload nobody finalizes is deleted; the
// reservation also remembers when the grant lapses, because a storage that
// is not served by this API cannot revoke it.
func (s *Service) SignUpload(ctx context.Context, p app.Principal, in SignUploadInput) (UploadGrant, error) {
	k, err := ParseMediaKind(in.Kind)
	if err != nil {
		return UploadGrant{}, err
	}
	format, ok := app.FormatByMIME(strings.TrimSpace(in.ContentType))
	if !ok || format.IsVideo() != k.wantVideo() {
		return UploadGrant{}, ErrUploadType
	}
	switch {
	case in.Size <= 0:
		return UploadGrant{}, ErrUploadSize
	case in.Size > s.limit(k):
		return UploadGrant{}, s.tooLarge(k)
	}
	key, err := s.newKey(k, p.UserID, format.Ext)
	if err != nil {
		return UploadGrant{}, err
	}
	expires := s.now().Add(s.set.UploadTTL)
	if err := s.trash.Reserve(ctx, key, expires.Add(reapGrace), expires); err != nil {
		return UploadGrant{}, err
	}
	target, err := s.media.SignUpload(ctx, key, format.MIME, in.Size, expires)
	if err != nil {
		return UploadGrant{}, err
	}
	// Some storages choose their own expiry; reap only after the real one.
	if target.ExpiresAt.After(expires) {
		if err := s.trash.Reserve(ctx, key, target.ExpiresAt.Add(reapGrace), target.ExpiresAt); err != nil {
			return UploadGrant{}, err
		}
	}
	return UploadGrant{Key: key, Target: target}, nil
}

// UploadPending reports whether key still awaits its direct upload: it was
// reserved by SignUpload and no row has claimed it, nor has it been
// discarded or reaped. The local storage's upload endpoint asks before it
// writes, which makes each grant single-use.
func (s *Service) UploadPending(ctx context.Context, key string) (bool, error) {
	return s.trash.Pending(ctx, key)
}
