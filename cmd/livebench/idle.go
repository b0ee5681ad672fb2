package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

// idleResult is what one idle run measured.
type idleResult struct {
	conns, connected int
	connectErr       string
	connectTime      time.Duration
	dropped          int
	dropCause        string
	// rssBefore and rssAfter are the server's VmRSS before the
	// connections opened and once they had settled.
	rssBefore, rssAfter int64
	goBefore, goAfter   benchkit.GoMemory
	fileLimit           string
}

// perConn is the server's resident memory each connection added.
func (r *idleResult) perConn() float64 {
	if r.connected == 0 {
		return 0
	}
	return float64(r.rssAfter-r.rssBefore) / float64(r.connected)
}

// runIdle opens o.idle connections that join the room and then only
// answer pings, and reads the server's memory before and after.
func runIdle(ctx context.Context, o options, k clientKind, fx fixture, srv *benchkit.Server) (*idleResult, error) {
	res := &idleResult{conns: o.idle, fileLimit: srv.FileLimit()}
	if err := sleep(ctx, o.settle); err != nil {
		return res, err
	}
	var err error
	if res.rssBefore, err = srv.RSS(); err != nil {
		return res, err
	}
	res.goBefore, _ = srv.GoMemory()

	var closing atomic.Bool
	var readers sync.WaitGroup
	ends := make([]error, o.idle)
	start := time.Now()
	var opened atomic.Int64
	conns, errs := openMany(ctx, k, fx, o.idle, o.dialers, true, func(i int, c liveConn) {
		if n := opened.Add(1); o.verbose && n%1000 == 0 {
			fmt.Printf("  %d connections open after %v\n", n, time.Since(start).Round(time.Millisecond))
		}
		readers.Go(func() {
			if err := c.run(handler{}); !closing.Load() {
				ends[i] = err
			}
		})
	})
	res.connectTime = time.Since(start)
	res.connected, res.connectErr = countOpen(conns, errs)
	defer readers.Wait()
	defer closeAll(&closing, conns)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	// The viewer counts of the last joins go out within a second; then
	// nothing moves.
	if err := sleep(ctx, o.settle); err != nil {
		return res, err
	}
	if res.rssAfter, err = srv.RSS(); err != nil {
		return res, err
	}
	res.goAfter, _ = srv.GoMemory()
	closeAll(&closing, conns)
	readers.Wait()
	for _, err := range ends {
		if err != nil {
			if res.dropped++; res.dropCause == "" {
				res.dropCause = err.Error()
			}
		}
	}
	return res, nil
}
