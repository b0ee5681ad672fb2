package wiring_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/wiring"
)

// TestHealthProbesOncePerPeriod checks, on the wired system with local
// storage, that concurrent /health calls within a second share one probe
// of the database (and so of the storage, whose check writes a file in
// MEDIA_DIR), and that the next second probes again.
func TestHealthProbesOncePerPeriod(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	var pings atomic.Int32
	mediaDir := t.TempDir()
	sys := build(t, testConfig(t, map[string]string{"MEDIA_DIR": mediaDir}), discard, wiring.Overrides{
		Clock:         clock,
		DatabaseCheck: func(context.Context) error { pings.Add(1); return nil },
	})
	get := func() {
		rec := httptest.NewRecorder()
		sys.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/health", nil))
		if rec.Code != http.StatusOK {
			t.Errorf("%d %s", rec.Code, rec.Body)
		}
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(get)
	}
	wg.Wait()
	if n := pings.Load(); n != 1 {
		t.Fatalf("20 calls pinged the database %d times, want once", n)
	}
	clock.Advance(time.Second)
	get()
	if n := pings.Load(); n != 2 {
		t.Fatalf("pinged %d times after a second, want 2", n)
	}
	if left, err := os.ReadDir(mediaDir); err != nil || len(left) != 0 {
		t.Fatalf("MEDIA_DIR holds %v (%v)", left, err)
	}
}
