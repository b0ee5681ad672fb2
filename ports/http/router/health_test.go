package router_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/router"
	"github.com/stagecast/stagecast/ports/http/web"
)

// The health tests run in a synctest bubble: its clock moves only when
// every goroutine waits, so a period passes in no time, and synctest.Wait
// tells when the callers are all waiting on the probe.

// healthRouter is a router whose /health probes database and broker.
func healthRouter(database, broker router.Check) http.Handler {
	log := slog.New(slog.DiscardHandler)
	return router.New(router.Options{
		Log:        log,
		APILimiter: mid.NewLimiter(100, time.Minute, nil, log),
		Database:   database,
		Services:   map[string]router.Check{"broker": broker},
	})
}

// healthBody is the part of a /health answer the tests read.
type healthBody struct {
	StatusCode int `json:"statusCode"`
	Data       struct {
		Status   string            `json:"status"`
		Services map[string]string `json:"services"`
		System   struct {
			Uptime      float64           `json:"uptime"`
			MemoryUsage map[string]uint64 `json:"memoryUsage"`
		} `json:"system"`
	} `json:"data"`
}

// getHealth serves GET /health with ctx and decodes a 200 or 503.
func getHealth(t *testing.T, h http.Handler, ctx context.Context) (int, healthBody) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "/health", nil))
	var b healthBody
	if rec.Code == http.StatusOK || rec.Code == http.StatusServiceUnavailable {
		if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
			t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
		}
	}
	return rec.Code, b
}

// counted is a check that counts its calls and fails while down is set.
type counted struct {
	calls atomic.Int32
	down  atomic.Bool
	// delay is how long each call takes.
	delay time.Duration
}

func (c *counted) check(context.Context) error {
	c.calls.Add(1)
	time.Sleep(c.delay)
	if c.down.Load() {
		return errors.New("connection refused")
	}
	return nil
}

func TestHealthProbes(t *testing.T) {
	t.Parallel()

	t.Run("once a period for many callers", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			db, broker := &counted{delay: 10 * time.Millisecond}, &counted{}
			h := healthRouter(db.check, broker.check)
			var wg sync.WaitGroup
			for range 50 {
				wg.Go(func() {
					if code, b := getHealth(t, h, t.Context()); code != http.StatusOK || b.Data.Services["database"] != "connected" {
						t.Errorf("%d %+v", code, b)
					}
				})
			}
			wg.Wait()
			if n, m := db.calls.Load(), broker.calls.Load(); n != 1 || m != 1 {
				t.Fatalf("50 concurrent calls probed the database %d times and the broker %d, want once", n, m)
			}
			_, first := getHealth(t, h, t.Context())
			time.Sleep(router.DefaultHealthPeriod / 2)
			_, second := getHealth(t, h, t.Context())
			if n := db.calls.Load(); n != 1 {
				t.Fatalf("probed %d times within a period", n)
			}
			// The memory figures come with the probe; the uptime is the
			// request's own.
			if first.Data.System.MemoryUsage["heapUsed"] == 0 || first.Data.System.MemoryUsage["heapUsed"] != second.Data.System.MemoryUsage["heapUsed"] {
				t.Errorf("memory read again within a period: %v, then %v", first.Data.System.MemoryUsage, second.Data.System.MemoryUsage)
			}
			if d := second.Data.System.Uptime - first.Data.System.Uptime; d != (router.DefaultHealthPeriod / 2).Seconds() {
				t.Errorf("uptime grew %v s over %v", d, router.DefaultHealthPeriod/2)
			}
			time.Sleep(router.DefaultHealthPeriod / 2)
			getHealth(t, h, t.Context())
			if n := db.calls.Load(); n != 2 {
				t.Fatalf("probed %d times after a period, want 2", n)
			}
		})
	})

	t.Run("per router", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			up, down := &counted{}, &counted{}
			down.down.Store(true)
			ok := func(context.Context) error { return nil }
			a, b := healthRouter(up.check, ok), healthRouter(down.check, ok)
			if code, _ := getHealth(t, a, t.Context()); code != http.StatusOK {
				t.Errorf("router on a database up: %d", code)
			}
			if code, _ := getHealth(t, b, t.Context()); code != http.StatusServiceUnavailable {
				t.Errorf("router on a database down: %d", code)
			}
		})
	})

	t.Run("database down and back within a period", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			db := &counted{}
			h := healthRouter(db.check, func(context.Context) error { return nil })
			expect := func(want int, database, status string) {
				t.Helper()
				code, b := getHealth(t, h, t.Context())
				if code != want || b.StatusCode != want || b.Data.Services["database"] != database || b.Data.Status != status {
					t.Fatalf("%d %+v, want %d with database %s and status %s", code, b, want, database, status)
				}
			}
			expect(http.StatusOK, "connected", "OK")
			db.down.Store(true)
			expect(http.StatusOK, "connected", "OK") // the period's answer stands
			time.Sleep(router.DefaultHealthPeriod)
			expect(http.StatusServiceUnavailable, "disconnected", "ERROR")
			db.down.Store(false)
			time.Sleep(router.DefaultHealthPeriod)
			expect(http.StatusOK, "connected", "OK")
		})
	})

	t.Run("a client that hangs up does not cache a failure", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			var calls atomic.Int32
			var probeErr error
			db := func(ctx context.Context) error {
				calls.Add(1)
				select {
				case <-release:
				case <-ctx.Done():
				}
				probeErr = ctx.Err()
				return probeErr
			}
			h := healthRouter(db, func(context.Context) error { return nil })
			ctx, hangUp := context.WithCancel(t.Context())
			gone := make(chan int)
			go func() {
				code, _ := getHealth(t, h, ctx)
				gone <- code
			}()
			stays := make(chan int)
			go func() {
				code, _ := getHealth(t, h, t.Context())
				stays <- code
			}()
			synctest.Wait() // both wait on the probe
			hangUp()
			if code := <-gone; code != web.StatusClientClosedRequest {
				t.Errorf("the client that hung up got %d, want %d", code, web.StatusClientClosedRequest)
			}
			close(release)
			if code := <-stays; code != http.StatusOK {
				t.Errorf("the client that stayed got %d", code)
			}
			if probeErr != nil {
				t.Errorf("the probe ended with %v", probeErr)
			}
			if code, _ := getHealth(t, h, t.Context()); code != http.StatusOK || calls.Load() != 1 {
				t.Errorf("next call: %d after %d probes, want 200 after 1", code, calls.Load())
			}
		})
	})

	t.Run("a clock set back probes again", func(t *testing.T) {
		t.Parallel()
		clock := apptest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
		db := &counted{}
		log := slog.New(slog.DiscardHandler)
		h := router.New(router.Options{
			Log: log, APILimiter: mid.NewLimiter(100, time.Minute, nil, log),
			Database: db.check, Now: clock.Now, HealthPeriod: time.Minute,
		})
		getHealth(t, h, t.Context())
		clock.Advance(59 * time.Second)
		getHealth(t, h, t.Context())
		if n := db.calls.Load(); n != 1 {
			t.Fatalf("probed %d times within HealthPeriod", n)
		}
		// Kept until the clock caught up, the answer would be an hour old.
		clock.Advance(-time.Hour)
		getHealth(t, h, t.Context())
		if n := db.calls.Load(); n != 2 {
			t.Fatalf("probed %d times after the clock went back, want 2", n)
		}
	})

	t.Run("a hung check times out", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			hung := func(ctx context.Context) error {
				<-ctx.Done()
				return ctx.Err()
			}
			start := time.Now()
			code, b := getHealth(t, healthRouter(func(context.Context) error { return nil }, hung), t.Context())
			if code != http.StatusOK || b.Data.Services["broker"] != "degraded" {
				t.Errorf("hung broker: %d %+v", code, b)
			}
			// The checks run side by side: a hung database and broker
			// cost one timeout, not two.
			code, b = getHealth(t, healthRouter(hung, hung), t.Context())
			if code != http.StatusServiceUnavailable || b.Data.Services["database"] != "disconnected" {
				t.Errorf("hung database: %d %+v", code, b)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("two probes with hung checks took %v", d)
			}
		})
	})

	t.Run("a check that ignores its context is not started again while it hangs", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			release := make(chan struct{})
			var starts atomic.Int32
			deaf := func(context.Context) error {
				starts.Add(1)
				<-release
				return nil
			}
			h := healthRouter(func(context.Context) error { return nil }, deaf)
			for i := range 5 {
				if code, b := getHealth(t, h, t.Context()); code != http.StatusOK || b.Data.Services["broker"] != "degraded" {
					t.Errorf("probe %d with the broker check hanging: %d %+v", i+1, code, b)
				}
				time.Sleep(2 * time.Second) // the next period
			}
			if n := starts.Load(); n != 1 {
				t.Errorf("the hanging check was started %d times, want 1", n)
			}
			close(release)
			synctest.Wait()
			if code, b := getHealth(t, h, t.Context()); code != http.StatusOK || b.Data.Services["broker"] != "connected" || starts.Load() != 2 {
				t.Errorf("probe after the check returned: %d %+v, %d starts", code, b, starts.Load())
			}
		})
	})
}
