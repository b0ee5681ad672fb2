package router_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"testing"

	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/router"
)

// BenchmarkHealth compares GET /health through the router, with the
// checks of a default deployment (a database ping and a local disk whose
// check writes a probe file), to a bare handler that writes the same body:
// in process, where the router's own middleware weighs most, and over
// loopback HTTP, as a load test sees it. /health must keep at least half
// the bare handler's rate over HTTP.
func BenchmarkHealth(b *testing.B) {
	dir := b.TempDir()
	storage := func(context.Context) error {
		// What the local disk's check does: create and remove a file.
		f, err := os.CreateTemp(dir, ".ping-")
		if err != nil {
			return err
		}
		_ = f.Close()
		return os.Remove(f.Name())
	}
	log := slog.New(slog.DiscardHandler)
	h := router.New(router.Options{
		Log:        log,
		APILimiter: mid.NewLimiter(100, 60e9, nil, log),
		Database:   func(context.Context) error { return nil },
		Services: map[string]router.Check{
			"storage": storage,
			"broker":  func(context.Context) error { return nil },
		},
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/health", nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("/health: %d %s", rec.Code, rec.Body)
	}
	body := rec.Body.Bytes()
	bare := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	})
	handlers := []struct {
		name string
		h    http.Handler
	}{{"bare", bare}, {"router", h}}

	for _, hc := range handlers {
		b.Run("inprocess/"+hc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest("GET", "/health", nil)
				for pb.Next() {
					w := httptest.NewRecorder()
					hc.h.ServeHTTP(w, req)
					if w.Code != http.StatusOK {
						b.Errorf("status %d", w.Code)
						return
					}
				}
			})
		})
	}
	for _, hc := range handlers {
		b.Run("http/"+hc.name, func(b *testing.B) {
			srv := httptest.NewServer(hc.h)
			defer srv.Close()
			c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4 * runtime.GOMAXPROCS(0)}}
			defer c.CloseIdleConnections()
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					res, err := c.Get(srv.URL + "/health")
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						b.Errorf("status %d", res.StatusCode)
						return
					}
				}
			})
		})
	}
}
