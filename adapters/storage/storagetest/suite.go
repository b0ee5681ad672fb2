package storagetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/app"
)

// Harness is one fresh store under test and the hooks the suite needs
// around it.
type Harness struct {
	// Store is the adapter under test.
	Store app.MediaStore
	// Client sends the client-side uploads and fetches public URLs; it
	// must only reach local servers. Nil means a client with a timeout.
	Client *http.Client
	// Now and Advance read and move the clock that both the store and
	// the service behind it (a fake, or the local upload handler) use.
	Now     func() time.Time
	Advance func(time.Duration)
	// URLHasUploadSegment is true for Cloudinary, whose own delivery URLs
	// are .../<resource_type>/upload/<public_id>.<ext>. Other stores'
	// URLs must not contain "/upload/", which some clients rewrite as a
	// Cloudinary transformation.
	URLHasUploadSegment bool
	// Leftovers, when set, lists what a failed Put left in the store's
	// backing (the local store's temporary files); it must be empty.
	Leftovers func(t *testing.T) []string
}

func (h *Harness) client() *http.Client {
	if h.Client != nil {
		return h.Client
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// Run runs the conformance suite. newHarness is called once per case and
// must return a store on fresh, empty backing.
func Run(t *testing.T, newHarness func(t *testing.T) *Harness) {
	cases := []struct {
		name string
		fn   func(*testing.T, *Harness)
	}{
		{"RoundTrip", testRoundTrip},
		{"ImagesAndURLs", testImagesAndURLs},
		{"Overwrite", testOverwrite},
		{"FailingReaderLeavesNothing", testFailingReader},
		{"MissingObjects", testMissing},
		{"BadKeysRefused", testBadKeys},
		{"SignedUpload", testSignedUpload},
		{"ExpiredTargetRefused", testExpiredTarget},
		{"TamperedTargetRefused", testTamperedTarget},
		{"ConcurrentPuts", testConcurrentPuts},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			if h.Now == nil || h.Advance == nil {
				t.Fatal("storagetest: Harness.Now and Harness.Advance are required")
			}
			c.fn(t, h)
		})
	}
}

// put stores the pattern of seed, checks the returned object and returns
// the bytes stored.
func put(t *testing.T, h *Harness, key, ct string, seed uint64, size int64) []byte {
	t.Helper()
	data, _ := putObject(t, h, key, ct, seed, size)
	return data
}

// putObject is put that also returns what Put returned.
func putObject(t *testing.T, h *Harness, key, ct string, seed uint64, size int64) ([]byte, app.Object) {
	t.Helper()
	obj, err := h.Store.Put(context.Background(), key, ct, NewPattern(seed, size), size)
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if obj.Key != key || obj.Size != size || obj.URL == "" {
		t.Fatalf("Put returned %+v, want key %q and size %d with a URL", obj, key, size)
	}
	return PatternBytes(seed, size), obj
}

// expectMissing checks that key holds no object, through Stat and
// ReadRange.
func expectMissing(t *testing.T, h *Harness, key string) {
	t.Helper()
	ctx := context.Background()
	if info, err := h.Store.Stat(ctx, key); !errors.Is(err, app.ErrObjectNotFound) {
		t.Fatalf("Stat of a missing object = %+v, %v; want ErrObjectNotFound", info, err)
	}
	if b, err := h.Store.ReadRange(ctx, key, 0, 16); !errors.Is(err, app.ErrObjectNotFound) {
		t.Fatalf("ReadRange of a missing object = %d bytes, %v; want ErrObjectNotFound", len(b), err)
	}
}

// expectObject checks that key holds want, through Stat and ReadRange.
func expectObject(t *testing.T, h *Harness, key, ct string, want []byte) {
	t.Helper()
	ctx := context.Background()
	info, err := h.Store.Stat(ctx, key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if info.Size != int64(len(want)) || info.ContentType != ct {
		t.Fatalf("Stat = %+v, want size %d and type %q", info, len(want), ct)
	}
	got, err := h.Store.ReadRange(ctx, key, 0, int64(len(want)))
	if err != nil {
		t.Fatalf("ReadRange: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("ReadRange of the whole object differs (%d bytes, want %d)", len(got), len(want))
	}
}

// fetch GETs a public URL and returns the body.
func fetch(t *testing.T, h *Harness, url string) []byte {
	t.Helper()
	resp, err := h.client().Get(url)
	if err != nil {
		t.Fatalf("GET public URL: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET public URL: %d %v", resp.StatusCode, err)
	}
	return b
}

func expectInvalidKey(t *testing.T, op, key string, err error) {
	t.Helper()
	if !errors.Is(err, storage.ErrInvalidKey) {
		t.Errorf("%s(%q) = %v, want storage.ErrInvalidKey", op, key, err)
	}
}
