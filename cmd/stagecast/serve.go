package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/ports/http/coalesce"
	"github.com/stagecast/stagecast/wiring"
)

// Connection limits of the server. Bodies are bounded by the routes that
// read them (a JSON body within 10 s, uploads at a minimum rate; see
// mid.BodyDeadlines): a server-wide ReadTimeout or WriteTimeout would cut
// long uploads and media streams short.
const (
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = time.Minute
	// maxHeaderBytes is ample for cookies and tokens; net/http's default
	// is 1 MB per request.
	maxHeaderBytes = 64 << 10
)

// serve runs the HTTP server and the background workers until ctx ends,
// then shuts the system down (see wiring.Stage) and returns.
func serve(ctx context.Context, cfg config.Config, sys *wiring.System, log *slog.Logger) error {
	ln, err := net.Listen("tcp", net.JoinHostPort("", strconv.Itoa(cfg.HTTP.Port)))
	if err != nil {
		return errors.Join(fmt.Errorf("listen on PORT %d: %w", cfg.HTTP.Port, err), sys.Close())
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", cfg.HTTP.PublicBaseURL)
	return serveOn(ctx, ln, cfg.HTTP.ShutdownTimeout, sys, log)
}

// serveOn is serve on a listener of the caller's. It closes sys in every
// case.
func serveOn(ctx context.Context, ln net.Listener, shutdownTimeout time.Duration, sys *wiring.System, log *slog.Logger) error {
	var running inflight
	srv := &http.Server{
		Handler:           coalesce.Handler(running.track(sys.Handler)),
		ConnContext:       coalesce.ConnContext,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		// "OPTIONS *" goes to the router like every other request, for
		// the same answer and headers, not net/http's bare 200.
		DisableGeneralOptionsHandler: true,
	}
	sys.OnClose(wiring.StageHTTP, "http server", func() error { return stopServer(srv, &running, shutdownTimeout, log) })
	sys.Go("housekeeping", func(ctx context.Context) error {
		housekeeping(ctx, sys, log)
		return nil
	})

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(coalesce.Listener(ln)) }()
	select {
	case err := <-errc:
		return errors.Join(err, sys.Close())
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", shutdownTimeout)
	if err := sys.Close(); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// stopServer stops accepting connections and gives the requests in flight
// the shutdown timeout to finish. Past it, it closes their connections:
// one stuck client must not keep the process, and the store, from
// stopping. A closed connection cancels its request's context, but the
// handler may still be finishing what it must not leave half done (the
// cleanup the core runs without the request's context); so the handlers
// get the timeout once more to return before the later stages close the
// store under them.
func stopServer(srv *http.Server, running *inflight, timeout time.Duration, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := srv.Shutdown(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	log.Warn("requests still in flight after the shutdown timeout; closing their connections", "timeout", timeout)
	err = srv.Close()
	if n := running.wait(timeout); n > 0 {
		log.Error("handlers still running after their connections closed; stopping anyway", "count", n)
	}
	return err
}

// inflight counts the requests whose handlers are running.
type inflight struct {
	n atomic.Int64
}

// track counts h's requests while they run.
func (f *inflight) track(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.n.Add(1)
		defer f.n.Add(-1)
		h.ServeHTTP(w, r)
	})
}

// wait waits up to timeout for every handler to return, and returns how
// many are still running. No request starts any more, so polling is
// enough.
func (f *inflight) wait(timeout time.Duration) int64 {
	deadline := time.Now().Add(timeout)
	for {
		n := f.n.Load()
		if n == 0 || time.Now().After(deadline) {
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
}
