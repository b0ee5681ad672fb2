package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// openMany opens n connections, dialers at a time, joining the room when
// join is set; started runs for each connection that opened. The slices
// hold a connection or an error at each index.
func openMany(ctx context.Context, k clientKind, fx fixture, n, dialers int, join bool, started func(int, liveConn)) ([]liveConn, []error) {
	conns := make([]liveConn, n)
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(dialers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				c, err := k.dial(ctx, fx.token)
				if err == nil && join {
					if err = c.join(fx.videoID, joinTimeout); err != nil {
						c.close()
					}
				}
				if err != nil {
					errs[i] = err
					continue
				}
				conns[i] = c
				started(i, c)
			}
		})
	}
	wg.Wait()
	return conns, errs
}

// countOpen counts the open connections and returns the first error.
func countOpen(conns []liveConn, errs []error) (int, string) {
	n, first := 0, ""
	for i, c := range conns {
		if c != nil {
			n++
		} else if errs[i] != nil && first == "" {
			first = errs[i].Error()
		}
	}
	return n, first
}

// closeAll closes every connection; the readers then end, and the ends
// are not counted as drops.
func closeAll(closing *atomic.Bool, conns []liveConn) {
	closing.Store(true)
	for _, c := range conns {
		if c != nil {
			c.close()
		}
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
