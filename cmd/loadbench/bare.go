package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

// bareFlag, as the first argument, runs the bare handler instead of the
// bench.
const bareFlag = "-bare-server"

// startBare runs this binary again as the bare handler, serving body, and
// waits until it answers. It is a process of its own, like the server,
// so that both pay for their own runtime and scheduling.
func startBare(ctx context.Context, tmp string, body []byte) (*benchkit.Process, string, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, "", err
	}
	file := filepath.Join(tmp, "bare-body.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		return nil, "", err
	}
	port, err := benchkit.FreePort()
	if err != nil {
		return nil, "", err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(exe, bareFlag, "-addr", addr, "-body", file)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	p, err := benchkit.StartProcess(cmd, nil)
	if err != nil {
		return nil, "", fmt.Errorf("starting the bare handler: %w", err)
	}
	base := "http://" + addr
	if err := benchkit.WaitHealthy(ctx, p, base+"/health", 10*time.Second); err != nil {
		p.Stop()
		return nil, "", fmt.Errorf("the bare handler: %w", err)
	}
	return p, base, nil
}

// serveBare is the bare handler's process: every request is answered
// with the body file's bytes as JSON, until SIGTERM.
func serveBare(args []string) error {
	fs := flag.NewFlagSet("loadbench "+bareFlag, flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	bodyFile := fs.String("body", "", "file whose bytes every answer carries")
	if err := fs.Parse(args); err != nil {
		return err
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr: *addr,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = w.Write(body)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
