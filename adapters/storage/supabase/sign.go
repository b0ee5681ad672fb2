package supabase

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/adapters/storage/internal/httpx"
	"github.com/stagecast/stagecast/app"
)

// SignUpload asks Supabase for a signed upload URL
// (POST /object/upload/sign/<bucket>/<key>, without x-upsert, so that once
// the object exists nobody can replace the bytes the core checked) and returns PUT <URL>/storage/v1<url> with the content
// type to send. Supabase, not the caller, decides how long it is valid
// (2 hours on the hosted service, 60 seconds by default when self-hosted),
// so ExpiresAt is the expiry written in the token, which may be earlier or
// later than expires; it is expires only when the token cannot be read.
// Supabase cannot bind the size: the core checks the object afterwards.
func (s *Store) SignUpload(ctx context.Context, key, contentType string, size int64, expires time.Time) (app.UploadTarget, error) {
	if err := storage.CheckKey(key); err != nil {
		return app.UploadTarget{}, fmt.Errorf("supabase: sign upload: %w", err)
	}
	if contentType == "" {
		return app.UploadTarget{}, errors.New("supabase: sign upload: content type must be set")
	}
	req, err := s.request(ctx, http.MethodPost, "/object/upload/sign/"+s.bucket+"/"+key, strings.NewReader("{}"))
	if err != nil {
		return app.UploadTarget{}, fmt.Errorf("supabase: sign upload: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-upsert", "false")
	resp, err := s.client.Do(req)
	if err != nil {
		return app.UploadTarget{}, fmt.Errorf("supabase: sign upload: %w", httpx.TransportError(err))
	}
	defer httpx.Drain(resp)
	if resp.StatusCode != http.StatusOK {
		return app.UploadTarget{}, fmt.Errorf("supabase: sign upload: %w", apiError(resp, key))
	}
	var body struct {
		URL   string `json:"url"`
		Token string `json:"token"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&body); err != nil {
		return app.UploadTarget{}, fmt.Errorf("supabase: sign upload: decoding the answer: %w", err)
	}
	// The URL goes to a client as is: make sure it is the upload path of
	// this very key on this API, not a redirection elsewhere.
	want := "/object/upload/sign/" + s.bucket + "/" + key + "?"
	if !strings.HasPrefix(body.URL, want) || strings.ContainsAny(body.URL, "#\\") {
		return app.UploadTarget{}, errors.New("supabase: sign upload: unexpected upload URL in the answer")
	}
	exp := expires
	if t, ok := tokenExpiry(body.Token); ok {
		exp = t
	}
	return app.UploadTarget{
		URL:       s.api + body.URL,
		Method:    http.MethodPut,
		Headers:   map[string]string{"Content-Type": contentType},
		Fields:    map[string]string{},
		ExpiresAt: exp,
	}, nil
}

// tokenExpiry reads the exp claim of a JWT without checking it: Supabase
// checks it when the client uploads; the server only wants to know when
// the grant lapses.
func tokenExpiry(tok string) (time.Time, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if json.Unmarshal(raw, &claims) != nil {
		return time.Time{}, false
	}
	sec, err := claims.Exp.Int64()
	if err != nil || sec <= 0 {
		return time.Time{}, false
	}
	return time.Unix(sec, 0), true
}
