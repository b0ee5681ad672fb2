package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/wiring"
)

// TestShutdownCutsRequestsPastTheTimeout holds a request past the shutdown
// timeout: shutdown closes its connection, cancelling its context, goes on
// to close the store and ends cleanly.
func TestShutdownCutsRequestsPastTheTimeout(t *testing.T) {
	t.Parallel()
	var out apptest.SyncBuffer
	log := slog.New(slog.NewJSONHandler(&out, nil))
	sys := newSystem(t, log)
	var order steps
	sys.OnClose(wiring.StageStore, "probe", func() error { order.add("store stage"); return nil })
	// The request waits for its context and nothing else, as a handler
	// stuck on a slow client would.
	entered, cut := make(chan struct{}), make(chan struct{})
	sys.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done()
		close(cut)
	})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	served := make(chan error, 1)
	go func() { served <- serveOn(ctx, ln, time.Millisecond, sys, log) }()
	answered := make(chan error, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err == nil {
			res.Body.Close()
		}
		answered <- err
	}()
	<-entered
	stop()

	if err := <-served; err != nil {
		t.Fatalf("serve: %v\n%s", err, out.String())
	}
	<-cut
	if err := <-answered; err == nil {
		t.Error("the client got an answer from a request cut at shutdown")
	}
	if got := order.get(); len(got) != 1 {
		t.Errorf("closed %q", got)
	}
	for _, msg := range []string{"closing their connections", `"msg":"stopped"`} {
		if !strings.Contains(out.String(), msg) {
			t.Errorf("no %s in the log:\n%s", msg, out.String())
		}
	}
}

// TestServeClosesOnListenerFailure checks that the system is closed when
// the server cannot serve.
func TestServeClosesOnListenerFailure(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.DiscardHandler)
	sys := newSystem(t, log)
	var order steps
	sys.OnClose(wiring.StageStore, "probe", func() error { order.add("store stage"); return nil })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	if err := serveOn(context.Background(), ln, time.Second, sys, log); err == nil || errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("serve on a closed listener: %v", err)
	}
	if got := order.get(); len(got) != 1 {
		t.Fatalf("closed %q", got)
	}
}

// newSystem builds a system on the memory store.
func newSystem(t *testing.T, log *slog.Logger) *wiring.System {
	t.Helper()
	env := map[string]string{
		"APP_ENV": "test", "DATABASE_URL": "memory:", "DATA_DIR": t.TempDir(), "MEDIA_DIR": t.TempDir(),
		"JWT_ACCESS_SECRET": "test-secret-test-secret-test-secret!", "BCRYPT_COST": "4",
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	sys, err := wiring.Build(context.Background(), cfg, log, wiring.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	return sys
}

// steps records what happened, in order.
type steps struct {
	mu sync.Mutex
	s  []string
}

func (s *steps) add(step string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.s = append(s.s, step)
}

func (s *steps) get() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.s...)
}

// A handler that is still finishing after its connection was closed at the
// shutdown timeout (the core's cleanup runs without the request's context)
// returns before the store closes.
func TestStoreClosesAfterTheLastHandler(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	sys := newSystem(t, log)
	var order steps
	sys.OnClose(wiring.StageStore, "probe", func() error { order.add("store closed"); return nil })
	entered := make(chan struct{})
	sys.Handler = http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done()
		time.Sleep(50 * time.Millisecond) // writes that must not be cut
		order.add("handler done")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveOn(ctx, ln, 200*time.Millisecond, sys, log) }()
	go func() {
		if res, err := http.Get("http://" + ln.Addr().String() + "/x"); err == nil {
			res.Body.Close()
		}
	}()
	<-entered
	stop()
	<-served
	if got := order.get(); len(got) != 2 || got[0] != "handler done" {
		t.Fatalf("order %q: the store closed under a running handler", got)
	}
}
