// Package supabase is the media storage adapter over the Supabase Storage
// REST API (<SUPABASE_URL>/storage/v1), with net/http only.
//
// Objects live in one bucket, which must be public: media URLs are the
// bucket's public URLs, served by Supabase's CDN. Server calls send the
// service role key both as apikey and as a Bearer token; direct uploads use
// Supabase's signed upload URLs, which need no key.
package supabase

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/adapters/storage/internal/httpx"
	"github.com/stagecast/stagecast/app"
)

var _ app.MediaStore = (*Store)(nil)

// Config configures the Supabase store.
type Config struct {
	// URL is the project URL (SUPABASE_URL), such as
	// "https://abcd.supabase.co"; the API is at URL+"/storage/v1".
	URL string
	// ServiceRoleKey is SUPABASE_SERVICE_ROLE_KEY. It bypasses row level
	// security, so it never leaves the server: it is not in any error,
	// URL or upload target.
	ServiceRoleKey string
	// Bucket is SUPABASE_BUCKET, a public bucket.
	Bucket string
	// HTTPClient sends the requests; when nil, a client without an overall
	// timeout (uploads of large videos take long; contexts bound calls)
	// that waits at most 2 minutes for an answer's headers.
	HTTPClient *http.Client
}

// Store is a media store on Supabase Storage. It is safe for concurrent
// use.
type Store struct {
	api    string // <URL>/storage/v1
	key    string
	bucket string
	client *http.Client
}

// New checks cfg and returns the store. Errors name the offending Config
// field. It makes no request; Ping does.
func New(cfg Config) (*Store, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("supabase: URL: %q is not an absolute http(s) URL", cfg.URL)
	}
	if strings.TrimSpace(cfg.ServiceRoleKey) == "" {
		return nil, errors.New("supabase: ServiceRoleKey: must be set")
	}
	// Bucket names are plain: anything else would need escaping in every
	// path and hints at a misconfiguration.
	if cfg.Bucket == "" || strings.ContainsAny(cfg.Bucket, "/?#% \\") {
		return nil, fmt.Errorf("supabase: Bucket: %q is not a bucket name", cfg.Bucket)
	}
	client := cfg.HTTPClient
	if client == nil {
		client = httpx.DefaultClient()
	}
	return &Store{
		api:    strings.TrimSuffix(u.String(), "/") + "/storage/v1",
		key:    cfg.ServiceRoleKey,
		bucket: cfg.Bucket,
		client: client,
	}, nil
}

// URL returns the object's public URL,
// <URL>/storage/v1/object/public/<bucket>/<key>, or "" for an invalid key.
func (s *Store) URL(key string) string {
	if storage.CheckKey(key) != nil {
		return ""
	}
	return s.api + "/object/public/" + s.bucket + "/" + key
}

// Ping reads the bucket (GET /bucket/<bucket>), which checks the URL, the
// key and that the bucket exists.
func (s *Store) Ping(ctx context.Context) error {
	req, err := s.request(ctx, http.MethodGet, "/bucket/"+s.bucket, nil)
	if err != nil {
		return fmt.Errorf("supabase: ping: %w", err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("supabase: ping: %w", httpx.TransportError(err))
	}
	defer httpx.Drain(resp)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("supabase: ping: %w", apiError(resp, ""))
	}
	return nil
}

// request builds an authenticated request to the API; path starts with
// "/" and is already clean (keys pass CheckKey, which leaves nothing to
// escape).
func (s *Store) request(ctx context.Context, method, path string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.api+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("apikey", s.key)
	req.Header.Set("Authorization", "Bearer "+s.key)
	return req, nil
}
