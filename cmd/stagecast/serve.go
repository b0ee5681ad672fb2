package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/stagecast/stagecast/config"
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

// serve runs the HTTP server until ctx ends, then stops accepting, lets
// in-flight requests finish within SHUTDOWN_TIMEOUT, and returns.
func serve(ctx context.Context, cfg config.Config, sys *wiring.System, log *slog.Logger) error {
	srv := &http.Server{
		Addr:              net.JoinHostPort("", strconv.Itoa(cfg.HTTP.Port)),
		Handler:           sys.Handler,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return fmt.Errorf("listen on PORT %d: %w", cfg.HTTP.Port, err)
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", cfg.HTTP.PublicBaseURL)

	choresCtx, stopChores := context.WithCancel(ctx)
	defer stopChores()
	go housekeeping(choresCtx, sys, log)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.HTTP.ShutdownTimeout)
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.HTTP.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}
