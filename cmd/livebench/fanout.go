package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

const (
	// joinTimeout bounds a join's acknowledgement.
	joinTimeout = 30 * time.Second
	// maxSeq bounds the sequence numbers a viewer records (an hour at
	// 10,000 comments a second), so that a stray one cannot blow its
	// record up.
	maxSeq = 36_000_000
)

// fanoutResult is what one fanout run measured.
type fanoutResult struct {
	viewers, connected, senders int
	connectErr                  string
	connectTime                 time.Duration
	rate                        float64
	duration                    time.Duration

	sent, stored, refused int64
	refusal               string
	// expected is connected viewers × stored comments; received counts
	// every new_comment of a bench comment, unique the distinct ones.
	expected, received, unique, dups, lost int64
	// dropped is how many viewers the server disconnected.
	dropped   int
	dropCause string
	// window is from the first send to the last delivery.
	window   time.Duration
	perSec   float64
	latency  percentiles
	ackDelay percentiles
	drained  bool
	// clientCPU is the CPU time the bench itself spent from the first
	// send to the end of the drain: taken from the server's cores.
	clientCPU time.Duration
	// serverCPU is the server's CPU time over the same span.
	serverCPU time.Duration
}

// viewerStats is one viewer's record, written by its reading goroutine
// only.
type viewerStats struct {
	seen     bitset
	received int64
	dups     int64
	last     time.Time
	latency  []time.Duration
	ended    error
}

// senderStats is one sender's record of its acknowledgements.
type senderStats struct {
	stored, refused int64
	refusal         string
	delays          []time.Duration
}

// runFanout connects the viewers and senders, sends for o.duration and
// waits for the deliveries.
func runFanout(ctx context.Context, o options, k clientKind, fx fixture, srv *benchkit.Server) (*fanoutResult, error) {
	res := &fanoutResult{viewers: o.viewers, senders: o.senders, rate: o.rate, duration: o.duration}
	expectSent := int(o.rate*o.duration.Seconds()) + o.senders

	var closing atomic.Bool
	var delivered atomic.Int64
	var readers sync.WaitGroup
	defer readers.Wait()

	// Viewers.
	views := make([]*viewerStats, o.viewers)
	start := time.Now()
	conns, errs := openMany(ctx, k, fx, o.viewers, o.dialers, true, func(i int, c liveConn) {
		vs := &viewerStats{seen: newBitset(expectSent), latency: make([]time.Duration, 0, expectSent)}
		views[i] = vs
		readers.Go(func() {
			err := c.run(handler{comment: func(content []byte, at time.Time) {
				seq, sent, ok := parseContent(content)
				if !ok || seq > maxSeq {
					return
				}
				vs.received++
				vs.last = at
				if vs.seen.set(int(seq)) {
					vs.dups++
					return
				}
				vs.latency = append(vs.latency, at.Sub(time.Unix(0, sent)))
				delivered.Add(1)
			}})
			if !closing.Load() {
				vs.ended = err
			}
		})
	})
	defer closeAll(&closing, conns)
	res.connectTime = time.Since(start)
	res.connected, res.connectErr = countOpen(conns, errs)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if res.connected == 0 {
		return res, fmt.Errorf("no viewer connected: %s", res.connectErr)
	}
	if o.verbose {
		fmt.Printf("  %d viewers connected in %v\n", res.connected, res.connectTime.Round(time.Millisecond))
	}

	// Senders: connected, not in the room.
	sends := make([]*senderStats, o.senders)
	var acked atomic.Int64
	senders, serrs := openMany(ctx, k, fx, o.senders, o.dialers, false, func(i int, c liveConn) {
		ss := &senderStats{delays: make([]time.Duration, 0, expectSent/o.senders+1)}
		sends[i] = ss
		readers.Go(func() {
			_ = c.run(handler{ack: func(content, refusal []byte, at time.Time) {
				acked.Add(1)
				if refusal != nil {
					if ss.refused++; ss.refusal == "" {
						ss.refusal = string(refusal)
					}
					return
				}
				atomic.AddInt64(&ss.stored, 1)
				if _, sent, ok := parseContent(content); ok {
					ss.delays = append(ss.delays, at.Sub(time.Unix(0, sent)))
				}
			}})
		})
	})
	defer closeAll(&closing, senders)
	if n, e := countOpen(senders, serrs); n < o.senders {
		return res, fmt.Errorf("senders: %d of %d connected: %s", n, o.senders, e)
	}
	// Let the viewer counts of the joins go out before the clock starts.
	if err := sleep(ctx, time.Second); err != nil {
		return res, err
	}

	// Send: each sender its share of the rate, on a fixed schedule, so
	// that one that falls behind catches up.
	cpu0, srv0 := benchkit.SelfCPUTime(), srv.CPUTime()
	var seq atomic.Int64
	var sent atomic.Int64
	every := time.Duration(float64(o.senders) / o.rate * float64(time.Second))
	begin := time.Now().Add(10 * time.Millisecond)
	end := begin.Add(o.duration)
	var sending sync.WaitGroup
	sendErr := make([]error, o.senders)
	for i, c := range senders {
		sending.Go(func() {
			var buf []byte
			for at := begin.Add(every * time.Duration(i) / time.Duration(o.senders)); at.Before(end); at = at.Add(every) {
				if d := time.Until(at); d > 0 {
					if sleep(ctx, d) != nil {
						return
					}
				}
				buf = appendContent(buf[:0], seq.Add(1)-1, time.Now())
				if err := c.send(fx.videoID, buf); err != nil {
					sendErr[i] = err
					return
				}
				sent.Add(1)
			}
		})
	}
	sending.Wait()
	res.sent = sent.Load()
	for _, err := range sendErr {
		if err != nil {
			return res, fmt.Errorf("sending: %w", err)
		}
	}

	// Drain: every send acknowledged and every stored comment delivered
	// to every viewer, or o.drain without it.
	deadline := time.Now().Add(o.drain)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if acked.Load() >= res.sent {
			var stored int64
			for _, ss := range sends {
				stored += ss.storedNow()
			}
			if delivered.Load() >= stored*int64(res.connected) {
				res.drained = true
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	res.clientCPU, res.serverCPU = benchkit.SelfCPUTime()-cpu0, srv.CPUTime()-srv0
	closeAll(&closing, conns)
	closeAll(&closing, senders)
	readers.Wait()
	res.summarize(views, sends, begin)
	return res, ctx.Err()
}

// storedNow reads a sender's count while its reader runs; the drain loop
// only needs an estimate, the summary reads it after the reader ended.
func (ss *senderStats) storedNow() int64 { return atomic.LoadInt64(&ss.stored) }

// summarize adds the viewers' and senders' records up.
func (res *fanoutResult) summarize(views []*viewerStats, sends []*senderStats, begin time.Time) {
	var delays []time.Duration
	for _, ss := range sends {
		res.stored += ss.stored
		res.refused += ss.refused
		if res.refusal == "" {
			res.refusal = ss.refusal
		}
		delays = append(delays, ss.delays...)
	}
	var lat []time.Duration
	var last time.Time
	for _, vs := range views {
		if vs == nil {
			continue
		}
		res.received += vs.received
		res.dups += vs.dups
		res.unique += vs.received - vs.dups
		lat = append(lat, vs.latency...)
		if vs.last.After(last) {
			last = vs.last
		}
		if vs.ended != nil {
			if res.dropped++; res.dropCause == "" {
				res.dropCause = vs.ended.Error()
			}
		}
	}
	res.expected = res.stored * int64(res.connected)
	res.lost = max(res.expected-res.unique, 0)
	if !last.IsZero() {
		res.window = last.Sub(begin)
		res.perSec = float64(res.received) / res.window.Seconds()
	}
	res.latency = percentilesOf(lat)
	res.ackDelay = percentilesOf(delays)
}
