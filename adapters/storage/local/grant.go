package local

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"strings"
	"time"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/app"
)

// grantContext separates these MACs from anything else the same key might
// ever sign; bump the version to retire every grant at once.
const grantContext = "stagecast/local-upload/v1\n"

// errBadGrant is the one answer to every kind of bad token, so that a
// client learns nothing about why it was refused.
var errBadGrant = errors.New("local: invalid or expired upload grant")

// grant is what an upload token carries. It binds the key, the content
// type and the maximum size, so that a client holding a token can only
// upload what the core agreed to, and only until Exp.
type grant struct {
	Key         string `json:"k"`
	ContentType string `json:"t"`
	MaxSize     int64  `json:"n"`
	Exp         int64  `json:"e"` // unix seconds
}

// SignUpload returns a PUT target on the API itself,
// BaseURL+"/uploads/<token>", where the token is the grant in base64url and
// its HMAC-SHA256. size, the size the client announced, becomes the
// maximum the upload may have. The token writes the object at most once,
// while the core still holds the key pending (see UploadHandler); a client
// may retry an upload that failed.
func (s *Store) SignUpload(ctx context.Context, key, contentType string, size int64, expires time.Time) (app.UploadTarget, error) {
	if err := storage.CheckKey(key); err != nil {
		return app.UploadTarget{}, fmt.Errorf("local: sign upload: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return app.UploadTarget{}, fmt.Errorf("local: sign upload: %w", err)
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return app.UploadTarget{}, fmt.Errorf("local: sign upload: content type: %w", err)
	}
	if size <= 0 {
		return app.UploadTarget{}, errors.New("local: sign upload: size must be positive")
	}
	if !expires.After(s.now()) {
		return app.UploadTarget{}, errors.New("local: sign upload: expiry is in the past")
	}
	g := grant{Key: key, ContentType: mt, MaxSize: size, Exp: expires.Unix()}
	tok, err := s.seal(g)
	if err != nil {
		return app.UploadTarget{}, fmt.Errorf("local: sign upload: %w", err)
	}
	return app.UploadTarget{
		URL:       s.baseURL + "/uploads/" + tok,
		Method:    "PUT",
		Headers:   map[string]string{"Content-Type": contentType},
		Fields:    map[string]string{},
		ExpiresAt: time.Unix(g.Exp, 0),
	}, nil
}

// seal encodes g as "<payload>.<mac>", both base64url without padding, so
// that the token is one clean path segment.
func (s *Store) seal(g grant) (string, error) {
	raw, err := json.Marshal(g)
	if err != nil {
		return "", err
	}
	payload := base64.RawURLEncoding.EncodeToString(raw)
	return payload + "." + base64.RawURLEncoding.EncodeToString(s.mac(payload)), nil
}

func (s *Store) mac(payload string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(grantContext))
	m.Write([]byte(payload))
	return m.Sum(nil)
}

// openGrant checks the MAC (in constant time, before anything in the payload is
// trusted) and the expiry, and returns the grant.
func (s *Store) openGrant(tok string) (grant, error) {
	payload, sig, ok := strings.Cut(tok, ".")
	if !ok || len(tok) > 2048 {
		return grant{}, errBadGrant
	}
	got, err := base64.RawURLEncoding.Strict().DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac(payload)) {
		return grant{}, errBadGrant
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(payload)
	if err != nil {
		return grant{}, errBadGrant
	}
	var g grant
	if err := json.Unmarshal(raw, &g); err != nil || storage.CheckKey(g.Key) != nil || g.MaxSize <= 0 {
		return grant{}, errBadGrant
	}
	if !s.now().Before(time.Unix(g.Exp, 0)) {
		return grant{}, errBadGrant
	}
	return g, nil
}
