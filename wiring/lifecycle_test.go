package wiring

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// record keeps what the closers and workers did, in order.
type record struct {
	mu    sync.Mutex
	steps []string
}

func (r *record) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.steps = append(r.steps, s)
}

func (r *record) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.steps)
}

// TestShutdownOrder checks that shutdown runs HTTP, workers, broker and
// store in this order whatever the order they were added in, and that a
// worker still running when the store would close is awaited first.
func TestShutdownOrder(t *testing.T) {
	t.Parallel()
	l := newLifecycle(time.Hour, slog.New(slog.DiscardHandler))
	var rec record
	var workerDone atomic.Bool
	closer := func(name string) func() error {
		return func() error {
			if !workerDone.Load() && name != "http" {
				rec.add(name + " before the worker returned")
			}
			rec.add(name)
			return nil
		}
	}
	l.OnClose(StageStore, "store", closer("store"))
	l.OnClose(StageStore, "redis", closer("redis"))
	l.OnClose(StageBroker, "broker", closer("broker"))
	l.OnClose(StageHTTP, "http", closer("http"))

	stopping, release := make(chan struct{}), make(chan struct{})
	l.Go("sweeper", func(ctx context.Context) error {
		<-ctx.Done()
		rec.add("worker told to stop")
		close(stopping)
		<-release // a last write, still going on
		rec.add("worker returned")
		workerDone.Store(true)
		return nil
	})
	closed := make(chan error, 1)
	go func() { closed <- l.Close() }()
	<-stopping
	if got := rec.get(); !slices.Equal(got, []string{"http", "worker told to stop"}) {
		t.Fatalf("before the worker returned: %q", got)
	}
	close(release)
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	want := []string{"http", "worker told to stop", "worker returned", "broker", "store", "redis"}
	if got := rec.get(); !slices.Equal(got, want) {
		t.Fatalf("order %q, want %q", got, want)
	}
	// Closing again closes nothing again.
	if err := l.Close(); err != nil || len(rec.get()) != len(want) {
		t.Fatalf("second close: %v %q", err, rec.get())
	}
}

// TestShutdownLeavesTheStoreToAStuckWorker checks that a worker that does
// not return within the grace period keeps the store open, and that
// shutdown still ends, naming the worker.
func TestShutdownLeavesTheStoreToAStuckWorker(t *testing.T) {
	t.Parallel()
	l := newLifecycle(time.Millisecond, slog.New(slog.DiscardHandler))
	var rec record
	l.OnClose(StageHTTP, "http", func() error { rec.add("http"); return nil })
	l.OnClose(StageStore, "store", func() error { rec.add("store"); return nil })
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	l.Go("stuck", func(context.Context) error { <-release; return nil })
	l.Go("quick", func(ctx context.Context) error { <-ctx.Done(); return nil })

	err := l.Close()
	// "quick" may or may not have returned yet.
	if err == nil || !strings.Contains(err.Error(), "stuck") {
		t.Fatalf("close: %v", err)
	}
	if got := rec.get(); !slices.Equal(got, []string{"http"}) {
		t.Fatalf("closed %q", got)
	}
}

// TestShutdownReportsErrors checks that a failing worker or closer does
// not stop the later stages, and that Close returns every error.
func TestShutdownReportsErrors(t *testing.T) {
	t.Parallel()
	l := newLifecycle(time.Hour, slog.New(slog.DiscardHandler))
	var rec record
	l.OnClose(StageHTTP, "http", func() error { rec.add("http"); return errors.New("http broke") })
	l.OnClose(StageStore, "store", func() error { rec.add("store"); return errors.New("store broke") })
	l.Go("sweeper", func(ctx context.Context) error { <-ctx.Done(); return errors.New("sweep broke") })

	err := l.Close()
	for _, want := range []string{"closing http: http broke", "sweeper: sweep broke", "closing store: store broke"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("close: %v, want %q in it", err, want)
		}
	}
	if got := rec.get(); !slices.Equal(got, []string{"http", "store"}) {
		t.Fatalf("closed %q", got)
	}
}

// TestNoWorkerStartsAfterShutdown checks that Go after Close runs nothing.
func TestNoWorkerStartsAfterShutdown(t *testing.T) {
	t.Parallel()
	l := newLifecycle(time.Hour, slog.New(slog.DiscardHandler))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	var ran atomic.Bool
	l.Go("late", func(context.Context) error { ran.Store(true); return nil })
	if err := l.workers.Wait(); err != nil || ran.Load() {
		t.Fatalf("a worker started after shutdown: %v", err)
	}
}
