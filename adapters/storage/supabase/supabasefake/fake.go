// Package supabasefake is an httptest fake of the Supabase Storage REST
// API, for tests in any package that need a Supabase store offline.
//
// It implements the calls the supabase adapter makes and rejects what the
// real service rejects: a missing or wrong apikey (401) or Bearer token
// (403), another bucket (404 "Bucket not found"), a missing object (404),
// an upload without Content-Type, an existing object without x-upsert
// (409), and on the signed upload PUT a missing, forged or expired token,
// or a token signed for another path (400/403). Bodies are streamed; with
// DiscardBodies only their size and SHA-256 are kept, so tests can push
// hundreds of megabytes through it.
package supabasefake

import (
	"crypto/rand"
	"crypto/sha256"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// DefaultSignedUploadTTL is how long a signed upload URL stays valid, as on
// the hosted service.
const DefaultSignedUploadTTL = 2 * time.Hour

// Option configures a Fake.
type Option func(*Fake)

// WithClock sets the clock that issues and checks upload tokens.
func WithClock(now func() time.Time) Option { return func(f *Fake) { f.now = now } }

// WithSignedUploadTTL sets how long signed upload URLs stay valid.
func WithSignedUploadTTL(d time.Duration) Option { return func(f *Fake) { f.ttl = d } }

// DiscardBodies keeps only the size, the SHA-256 and the first HeadKeep
// bytes of uploaded objects. A ranged GET within those bytes works (so a
// container header can be read); any other GET fails; HEAD, Info and
// Delete work.
// HeadKeep is how much of a discarded body the fake keeps.
const HeadKeep = 64 << 10

func DiscardBodies() Option { return func(f *Fake) { f.discard = true } }

// LegacyErrors makes client errors answer HTTP 400 with the real status
// in the body's statusCode, as Supabase Storage long did (and HEAD, which
// has no body, a bare 400).
func LegacyErrors() Option { return func(f *Fake) { f.legacy = true } }

// Fake is a running fake of Supabase Storage for one bucket. It is safe
// for concurrent use.
type Fake struct {
	srv     *httptest.Server
	key     string
	bucket  string
	secret  []byte // signs upload tokens, like the project's JWT secret
	now     func() time.Time
	ttl     time.Duration
	discard bool
	legacy  bool

	mu       sync.Mutex
	objects  map[string]*object
	requests []Request
}

type object struct {
	data         []byte // nil when discarded
	head         []byte // the first HeadKeep bytes, when discarded
	size         int64
	sum          [sha256.Size]byte
	contentType  string
	cacheControl string
	modified     time.Time
}

// Request is what the fake recorded of one request.
type Request struct {
	Method, Path, Query string
	// APIKey and Authorization are the headers as received.
	APIKey, Authorization string
	ContentType, Upsert   string
	Range                 string
	// Status is the answer's status.
	Status int
}

// ObjectInfo describes a stored object.
type ObjectInfo struct {
	Size         int64
	ContentType  string
	CacheControl string
	SHA256       [sha256.Size]byte
}

// New starts a fake that accepts serviceKey as apikey and Bearer token and
// holds one public bucket. It stops when the test ends.
func New(t testing.TB, serviceKey, bucket string, opts ...Option) *Fake {
	f := &Fake{
		key:     serviceKey,
		bucket:  bucket,
		secret:  []byte(rand.Text()),
		now:     time.Now,
		ttl:     DefaultSignedUploadTTL,
		objects: map[string]*object{},
	}
	for _, o := range opts {
		o(f)
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the project URL (SUPABASE_URL); the API is at URL()+"/storage/v1".
func (f *Fake) URL() string { return f.srv.URL }

// Client returns a client for the fake's server.
func (f *Fake) Client() *http.Client { return f.srv.Client() }

// Object returns a stored object's bytes; false when missing or discarded.
func (f *Fake) Object(key string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.objects[key]
	if !ok || o.data == nil && o.size > 0 {
		return nil, false
	}
	return slices.Clone(o.data), true
}

// Info describes a stored object, discarded or not.
func (f *Fake) Info(key string) (ObjectInfo, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.objects[key]
	if !ok {
		return ObjectInfo{}, false
	}
	return ObjectInfo{Size: o.size, ContentType: o.contentType, CacheControl: o.cacheControl, SHA256: o.sum}, true
}

// Keys returns the stored keys, sorted.
func (f *Fake) Keys() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(maps.Keys(f.objects))
}

// Requests returns the requests received so far.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

// Seed stores an object directly, as if uploaded earlier.
func (f *Fake) Seed(key, contentType string, data []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.objects[key] = &object{data: slices.Clone(data), size: int64(len(data)), sum: sha256.Sum256(data), contentType: contentType, modified: f.now()}
}

// serve routes a request by its path below /storage/v1.
func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	defer func() { f.record(r, rec.status) }()
	p, ok := strings.CutPrefix(r.URL.Path, "/storage/v1/")
	if !ok {
		f.fail(rec, r, http.StatusNotFound, "not_found", "Route not found")
		return
	}
	switch {
	case strings.HasPrefix(p, "object/upload/sign/"):
		rest := strings.TrimPrefix(p, "object/upload/sign/")
		switch r.Method {
		case http.MethodPost:
			f.authed(rec, r, rest, f.signUpload)
		case http.MethodPut:
			f.withBucket(rec, r, rest, f.signedPut)
		default:
			f.fail(rec, r, http.StatusMethodNotAllowed, "method_not_allowed", "Method not allowed")
		}
	case strings.HasPrefix(p, "object/public/") && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		f.withBucket(rec, r, strings.TrimPrefix(p, "object/public/"), f.download)
	case strings.HasPrefix(p, "object/authenticated/") && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		f.authed(rec, r, strings.TrimPrefix(p, "object/authenticated/"), f.download)
	case strings.HasPrefix(p, "object/info/") && r.Method == http.MethodGet:
		f.authed(rec, r, strings.TrimPrefix(p, "object/info/"), f.info)
	case strings.HasPrefix(p, "object/"):
		rest := strings.TrimPrefix(p, "object/")
		switch r.Method {
		case http.MethodPost:
			f.authed(rec, r, rest, f.upload)
		case http.MethodGet, http.MethodHead:
			f.authed(rec, r, rest, f.download)
		case http.MethodDelete:
			f.authed(rec, r, rest, f.delete)
		default:
			f.fail(rec, r, http.StatusMethodNotAllowed, "method_not_allowed", "Method not allowed")
		}
	case strings.HasPrefix(p, "bucket/") && r.Method == http.MethodGet:
		f.authed(rec, r, strings.TrimPrefix(p, "bucket/"), f.getBucket)
	default:
		f.fail(rec, r, http.StatusNotFound, "not_found", "Route not found")
	}
}

func (f *Fake) record(r *http.Request, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, Request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		APIKey: r.Header.Get("apikey"), Authorization: r.Header.Get("Authorization"),
		ContentType: r.Header.Get("Content-Type"), Upsert: r.Header.Get("x-upsert"),
		Range: r.Header.Get("Range"), Status: status,
	})
}

// recorder remembers the status a handler answered.
type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
