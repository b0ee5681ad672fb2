package wiring

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Stage is a step of shutdown. Stages run in the order of their values:
// the HTTP server stops first, so that no request starts work that the
// later stages would cut; the background workers are stopped and awaited
// next (between StageHTTP and StageBroker), then the broker goes, and the
// store and other connections close last, once nothing uses them.
type Stage int

// The stages of shutdown, in order.
const (
	// StageHTTP stops the HTTP server: no new requests, and those in
	// flight finish or are cut.
	StageHTTP Stage = iota
	// StageBroker stops the live-event broker, once no request or worker
	// publishes any more.
	StageBroker
	// StageStore closes the store and the other connections.
	StageStore
	stageCount
)

// Lifecycle runs the background workers of a system and shuts everything
// down in the order of the stages.
type Lifecycle struct {
	log *slog.Logger
	// workerGrace is how long stopped workers get to return before
	// shutdown gives up on them.
	workerGrace time.Duration

	workers     errgroup.Group
	workCtx     context.Context
	stopWorkers context.CancelFunc

	mu      sync.Mutex
	closers [stageCount][]namedCloser
	running map[string]int // workers that have not returned, by name
	closing bool

	once sync.Once
	err  error
}

type namedCloser struct {
	name  string
	close func() error
}

// newLifecycle returns a lifecycle whose workers get workerGrace to return
// once they are told to stop.
func newLifecycle(workerGrace time.Duration, log *slog.Logger) *Lifecycle {
	ctx, cancel := context.WithCancel(context.Background())
	return &Lifecycle{log: log, workerGrace: workerGrace, workCtx: ctx, stopWorkers: cancel, running: map[string]int{}}
}

// Go runs fn in the background until shutdown, which cancels its context
// and waits for it to return before the broker and the store close. An
// error it returns is logged and returned by Close. Once shutdown has
// begun, Go starts nothing.
func (l *Lifecycle) Go(name string, fn func(ctx context.Context) error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closing {
		return
	}
	l.running[name]++
	l.workers.Go(func() error {
		err := fn(l.workCtx)
		l.mu.Lock()
		if l.running[name]--; l.running[name] == 0 {
			delete(l.running, name)
		}
		l.mu.Unlock()
		if err != nil {
			l.log.Error("background worker failed", "worker", name, "err", err)
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	})
}

// OnClose adds fn to the given stage of shutdown. Within a stage, closers
// run in the order they were added.
func (l *Lifecycle) OnClose(stage Stage, name string, fn func() error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closers[stage] = append(l.closers[stage], namedCloser{name, fn})
}

// Close shuts down stage by stage and returns every error met on the way.
// Workers that do not return within the grace period keep the broker and
// the store open: closing them under a running worker would turn its
// last writes into errors, and the process is about to end anyway. Later
// calls return the first call's result.
func (l *Lifecycle) Close() error {
	l.once.Do(func() { l.err = l.close() })
	return l.err
}

func (l *Lifecycle) close() error {
	l.mu.Lock()
	l.closing = true
	closers := l.closers
	l.mu.Unlock()

	errs := l.runStage(closers[StageHTTP])
	stuck, err := l.awaitWorkers()
	errs = append(errs, err)
	if stuck {
		return errors.Join(errs...)
	}
	for _, stage := range closers[StageBroker:] {
		errs = append(errs, l.runStage(stage)...)
	}
	return errors.Join(errs...)
}

// awaitWorkers stops the workers and waits for them within the grace
// period. It reports whether some are still running, and returns the
// first error a worker returned.
func (l *Lifecycle) awaitWorkers() (stuck bool, err error) {
	l.stopWorkers()
	done := make(chan error, 1)
	go func() { done <- l.workers.Wait() }()
	grace := time.NewTimer(l.workerGrace)
	defer grace.Stop()
	select {
	case err := <-done:
		return false, err
	case <-grace.C:
		l.mu.Lock()
		names := make([]string, 0, len(l.running))
		for name := range l.running {
			names = append(names, name)
		}
		l.mu.Unlock()
		slices.Sort(names)
		return true, fmt.Errorf("background workers %v still running after %v; the broker and the store are left open", names, l.workerGrace)
	}
}

// runStage runs one stage's closers and returns their errors.
func (l *Lifecycle) runStage(closers []namedCloser) []error {
	var errs []error
	for _, c := range closers {
		if err := c.close(); err != nil {
			errs = append(errs, fmt.Errorf("closing %s: %w", c.name, err))
		}
	}
	return errs
}

// Go runs fn in the background until the system closes (see
// Lifecycle.Go).
func (s *System) Go(name string, fn func(ctx context.Context) error) { s.life.Go(name, fn) }

// OnClose adds fn to a stage of the system's shutdown (see
// Lifecycle.OnClose).
func (s *System) OnClose(stage Stage, name string, fn func() error) { s.life.OnClose(stage, name, fn) }
