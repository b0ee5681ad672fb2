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
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/wiring"
)

// sweepEvery is how often ended sessions are deleted.
const sweepEvery = time.Hour

// serve runs the HTTP server until ctx ends, then stops accepting, lets
// in-flight requests finish within SHUTDOWN_TIMEOUT, and returns.
func serve(ctx context.Context, cfg config.Config, sys *wiring.System, log *slog.Logger) error {
	srv := &http.Server{
		Addr:              net.JoinHostPort("", strconv.Itoa(cfg.HTTP.Port)),
		Handler:           sys.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return fmt.Errorf("listen on PORT %d: %w", cfg.HTTP.Port, err)
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", cfg.HTTP.PublicBaseURL)

	sweepCtx, stopSweep := context.WithCancel(ctx)
	defer stopSweep()
	go sweepSessions(sweepCtx, sys.Store().Sessions(), log)

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

// sweepSessions deletes sessions that ended more than a day ago; they can
// no longer be used, and keeping them a day helps tracing a revocation.
func sweepSessions(ctx context.Context, sessions session.Repository, log *slog.Logger) {
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			n, err := sessions.DeleteEnded(ctx, now.Add(-24*time.Hour))
			if err != nil {
				log.Error("sweeping sessions", "err", err)
				continue
			}
			if n > 0 {
				log.Info("swept ended sessions", "count", n)
			}
		}
	}
}
