package local_test

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/adapters/storage/local"
	"github.com/stagecast/stagecast/adapters/storage/storagetest"
)

var testKey = []byte("0123456789abcdef0123456789abcdef-test-only")

// fixture is a store on a temporary directory, served by an httptest
// server that mounts its handlers the way the API's router does.
type fixture struct {
	store *local.Store
	dir   string
	srv   *httptest.Server
	clock *storagetest.Clock

	mu       sync.Mutex
	released map[string]bool // keys the core no longer holds pending
	gateErr  error           // what the gate fails with, when set
}

// pending is the upload gate: every key is pending until released.
func (f *fixture) pending(_ context.Context, key string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return !f.released[key], f.gateErr
}

// release makes the gate refuse key, as the core does once the key is
// claimed, discarded or reaped.
func (f *fixture) release(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.released[key] = true
}

func (f *fixture) handler() http.Handler { return f.store.UploadHandler(f.pending) }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir(), clock: storagetest.NewClock(time.Unix(1_700_000_000, 0)), released: map[string]bool{}}
	mux := http.NewServeMux()
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	s, err := local.New(local.Config{Dir: f.dir, BaseURL: f.srv.URL, SigningKey: testKey, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	f.store = s
	mux.Handle("/media/", s.MediaHandler())
	mux.Handle("/uploads/", f.handler())
	return f
}

// tempFiles lists what Put's temporary files left in the directory.
func (f *fixture) tempFiles(t *testing.T) []string {
	t.Helper()
	var left []string
	err := filepath.WalkDir(f.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != f.dir {
			left = append(left, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return left
}

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) *storagetest.Harness {
		f := newFixture(t)
		return &storagetest.Harness{
			Store:     f.store,
			Client:    f.srv.Client(),
			Now:       f.clock.Now,
			Advance:   f.clock.Advance,
			Leftovers: f.tempFiles,
		}
	})
}
