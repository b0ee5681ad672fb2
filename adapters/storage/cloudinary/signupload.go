package cloudinary

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/app"
)

// SignUpload returns the signed form a client POSTs to
// <api>/<resource_type>/upload itself, the file in the field "file": the
// fields api_key, timestamp, signature, public_id, overwrite and
// invalidate, exactly those of a server-side Put. A client may send a
// large video in chunks with the same fields (X-Unique-Upload-Id and
// Content-Range headers), and may retry an upload that failed. overwrite
// is false: once the asset exists, a new upload with the same fields
// returns it unchanged, so bytes the core checked cannot be replaced.
//
// Cloudinary accepts a signature for one hour after its timestamp. To make
// the target lapse at expires, the timestamp is set an hour before it
// (never after now); ExpiresAt is therefore expires, or now plus one hour
// when expires is later. Cloudinary cannot bind the content type or the
// size: the core checks the object afterwards.
func (s *Store) SignUpload(ctx context.Context, key, contentType string, size int64, expires time.Time) (app.UploadTarget, error) {
	if err := storage.CheckKey(key); err != nil {
		return app.UploadTarget{}, fmt.Errorf("cloudinary: sign upload: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return app.UploadTarget{}, fmt.Errorf("cloudinary: sign upload: %w", err)
	}
	now := s.now()
	if !expires.After(now) {
		return app.UploadTarget{}, errors.New("cloudinary: sign upload: expiry is in the past")
	}
	// Whole seconds: the timestamp is in seconds, and ExpiresAt must not
	// promise a fraction of a second Cloudinary will not grant.
	ts := time.Unix(min(now.Unix(), expires.Add(-signatureTTL).Unix()), 0)
	a := assetOf(key)
	return app.UploadTarget{
		URL:       s.api + "/" + a.resourceType + "/upload",
		Method:    http.MethodPost,
		Headers:   map[string]string{},
		Fields:    s.signed(uploadParams(a, false), ts),
		FileField: "file",
		ExpiresAt: ts.Add(signatureTTL),
	}, nil
}
