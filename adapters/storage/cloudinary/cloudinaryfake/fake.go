// Package cloudinaryfake is an httptest fake of the Cloudinary Upload API
// and delivery URLs, for tests in any package that need a Cloudinary
// store offline.
//
// It implements signed uploads (whole, or in chunks with
// X-Unique-Upload-Id and Content-Range), destroy, the Admin API's ping,
// and delivery GET/HEAD with byte ranges. It rejects what Cloudinary
// rejects: a missing api_key, timestamp or signature, a wrong key or
// signature (401 "Invalid Signature ..."), a timestamp more than an hour
// old, an empty file, and chunks that are not contiguous, overlap, are
// under 5 MiB but for the last, or disagree on the total. Destroying with
// the wrong resource type answers {"result":"not found"}, as Cloudinary
// does. Bodies are streamed; with DiscardBodies only their size and SHA-256
// are kept, so tests can push hundreds of megabytes through it.
//
// The API is served under APIBase() (<URL>/v1_1), the delivery URLs under
// DeliveryBase() (<URL>/res).
package cloudinaryfake

import (
	"crypto/sha256"
	"hash"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// MinChunkSize is the smallest chunk accepted but for the last.
const MinChunkSize = 5 << 20

// Option configures a Fake.
type Option func(*Fake)

// WithClock sets the clock that checks timestamps and versions assets.
func WithClock(now func() time.Time) Option { return func(f *Fake) { f.now = now } }

// DiscardBodies keeps only the size and SHA-256 of uploaded assets. GET of
// such an asset fails; HEAD, AssetInfo and destroy work.
func DiscardBodies() Option { return func(f *Fake) { f.discard = true } }

// WithVideoDuration sets the duration, in seconds, reported for every
// uploaded video (Cloudinary measures it; the fake cannot).
func WithVideoDuration(seconds float64) Option { return func(f *Fake) { f.duration = seconds } }

// Fake is a running fake of Cloudinary for one cloud. It is safe for
// concurrent use.
type Fake struct {
	srv      *httptest.Server
	cloud    string
	apiKey   string
	secret   string
	now      func() time.Time
	discard  bool
	duration float64

	mu       sync.Mutex
	assets   map[string]*asset // by "<resource_type>/<public_id>"
	sessions map[string]*session
	version  int64
	calls    []Call
}

type asset struct {
	data        []byte // nil when discarded
	size        int64
	sum         [sha256.Size]byte
	format      string
	contentType string
	version     int64
	modified    time.Time
}

// session is a chunked upload in progress.
type session struct {
	resourceType, publicID string
	received               int64
	total                  int64 // -1 until a chunk tells
	hash                   hash.Hash
	data                   []byte
}

// Call is what the fake recorded of one request.
type Call struct {
	// Op is "upload", "destroy", "ping" or "delivery".
	Op                     string
	Method                 string
	ResourceType, PublicID string
	// UploadID and ContentRange are the chunk headers, if any.
	UploadID, ContentRange string
	Range                  string
	Status                 int
}

// AssetInfo describes a stored asset.
type AssetInfo struct {
	Bytes   int64
	Format  string
	Version int64
	SHA256  [sha256.Size]byte
}

// New starts a fake for cloud that accepts apiKey and apiSecret. It stops
// when the test ends.
func New(t testing.TB, cloud, apiKey, apiSecret string, opts ...Option) *Fake {
	f := &Fake{
		cloud: cloud, apiKey: apiKey, secret: apiSecret, now: time.Now,
		assets: map[string]*asset{}, sessions: map[string]*session{},
	}
	for _, o := range opts {
		o(f)
	}
	f.version = f.now().Unix()
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the fake's root.
func (f *Fake) URL() string { return f.srv.URL }

// APIBase is the value for the adapter's APIBase (https://api.cloudinary.com/v1_1).
func (f *Fake) APIBase() string { return f.srv.URL + "/v1_1" }

// DeliveryBase is the value for the adapter's DeliveryBase (https://res.cloudinary.com).
func (f *Fake) DeliveryBase() string { return f.srv.URL + "/res" }

// Client returns a client for the fake's server.
func (f *Fake) Client() *http.Client { return f.srv.Client() }

// Asset returns an asset's bytes; false when missing or discarded.
func (f *Fake) Asset(resourceType, publicID string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.assets[resourceType+"/"+publicID]
	if !ok || a.data == nil && a.size > 0 {
		return nil, false
	}
	return slices.Clone(a.data), true
}

// Info describes an asset, discarded or not.
func (f *Fake) Info(resourceType, publicID string) (AssetInfo, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.assets[resourceType+"/"+publicID]
	if !ok {
		return AssetInfo{}, false
	}
	return AssetInfo{Bytes: a.size, Format: a.format, Version: a.version, SHA256: a.sum}, true
}

// Assets returns the stored assets as "<resource_type>/<public_id>", sorted.
func (f *Fake) Assets() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(maps.Keys(f.assets))
}

// PendingChunkedUploads counts chunked uploads that started and did not
// finish; their chunks never become an asset.
func (f *Fake) PendingChunkedUploads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sessions)
}

// Calls returns the requests received so far.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *Fake) record(c Call) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
}

// serve routes API calls (/v1_1/<cloud>/...) and deliveries
// (/res/<cloud>/<resource_type>/upload/...).
func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/res/"+f.cloud+"/"); ok {
		f.deliver(w, r, rest)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/v1_1/")
	if !ok {
		fail(w, http.StatusNotFound, "Not found")
		return
	}
	cloud, rest, _ := strings.Cut(rest, "/")
	if cloud != f.cloud {
		fail(w, http.StatusUnauthorized, "Invalid cloud_name "+cloud)
		return
	}
	if rest == "ping" && r.Method == http.MethodGet {
		f.ping(w, r)
		return
	}
	rt, action, _ := strings.Cut(rest, "/")
	if rt != "image" && rt != "video" && rt != "raw" {
		fail(w, http.StatusNotFound, "Invalid resource type "+rt)
		return
	}
	switch {
	case action == "upload" && r.Method == http.MethodPost:
		f.upload(w, r, rt)
	case action == "destroy" && r.Method == http.MethodPost:
		f.destroy(w, r, rt)
	default:
		fail(w, http.StatusNotFound, "Not found")
	}
}
