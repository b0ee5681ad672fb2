// Command stagecast runs the Stagecast API server.
//
//	stagecast [serve]   run the server (the default)
//	stagecast migrate   apply database migrations and exit
//
// Configuration comes from the environment and an optional .env file; see
// the README for every variable.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/wiring"
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "stagecast:", err)
		os.Exit(1)
	}
}

// gcPercent is the garbage collector's target when GOGC is not set: the
// heap may grow to three times what is live before a collection, where
// Go's default (100) lets it double. A request allocates its rows and its
// body and lets go of them at once, so the live heap stays small and a
// busy server spent about a tenth of its CPU collecting at the default;
// this spends a few tens of megabytes to halve that.
const gcPercent = 200

// tuneGC sets gcPercent unless the environment chose with GOGC.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
}

// run is the whole program, so that it can return errors instead of exiting.
func run(ctx context.Context, args []string, out io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	if cmd != "serve" && cmd != "migrate" {
		return fmt.Errorf("unknown command %q (want serve or migrate)", cmd)
	}
	cfg, err := config.FromOS(".env")
	if err != nil {
		return err
	}
	logOut := newLogWriter(out)
	defer logOut.Close()
	log := newLogger(cfg.Log, logOut)
	log.Info("starting", "command", cmd, "config", cfg)

	if cmd == "migrate" {
		st, err := wiring.OpenStore(ctx, cfg) // opening applies the migrations
		if err != nil {
			return err
		}
		log.Info("migrations applied", "store", cfg.StoreKind())
		return st.Close()
	}
	sys, err := wiring.Build(ctx, cfg, log, wiring.Overrides{})
	if err != nil {
		return err
	}
	return serve(ctx, cfg, sys, log) // which closes sys
}

func newLogger(c config.Log, out io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.Level}
	if c.Format == config.LogText {
		return slog.New(slog.NewTextHandler(out, opts))
	}
	return slog.New(slog.NewJSONHandler(out, opts))
}
