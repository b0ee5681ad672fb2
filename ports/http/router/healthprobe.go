package router

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
)

// Check probes one dependency; nil means healthy.
type Check func(ctx context.Context) error

// DefaultHealthPeriod is how long /health reuses what it probed when
// Options.HealthPeriod is zero. Monitors and load balancers poll /health,
// often many at once, and a probe costs a database round trip, a broker
// round trip and, on local disk, a file written and removed: reused for a
// second, that cost no longer grows with the polling, while an outage
// still shows within about a second.
const DefaultHealthPeriod = time.Second

// healthTimeout bounds each probe, so a hung dependency cannot hang /health.
const healthTimeout = 2 * time.Second

// healthReport is the outcome of one probe. It is shared by the responses
// of its period and never changed once published.
type healthReport struct {
	at     time.Time // when the probe ended
	answer healthAnswer
}

// prober probes the dependencies of /health at most once a period and
// never twice at a time. Each router has its own.
type prober struct {
	database Check
	others   map[string]Check
	now      func() time.Time
	period   time.Duration
	log      *slog.Logger

	flight singleflight.Group
	last   atomic.Pointer[healthReport]
	// running marks the checks whose last run has not returned: a check
	// that ignores its context is not started again while it hangs, so
	// that hung checks cannot pile up one per period.
	running map[string]*atomic.Bool
}

func newProber(database Check, others map[string]Check, now func() time.Time, period time.Duration, log *slog.Logger) *prober {
	if period <= 0 {
		period = DefaultHealthPeriod
	}
	running := map[string]*atomic.Bool{"database": {}}
	for name := range others {
		running[name] = &atomic.Bool{}
	}
	return &prober{database: database, others: others, now: now, period: period, log: log, running: running}
}

// fresh reports whether r is of the current period. A clock set back
// makes r look from the future: it is probed again rather than kept until
// the clock catches up.
func (p *prober) fresh(r *healthReport) bool {
	if r == nil {
		return false
	}
	now := p.now()
	return !now.Before(r.at) && now.Sub(r.at) < p.period
}

// report returns the report of the current period, probing when there is
// none. A caller that comes during a probe waits for it, so that no answer
// is older than a period; it returns ctx's error if ctx ends first.
func (p *prober) report(ctx context.Context) (*healthReport, error) {
	if r := p.last.Load(); p.fresh(r) {
		return r, nil
	}
	ch := p.flight.DoChan("probe", func() (any, error) {
		// A probe may have ended between the caller's look and now.
		if r := p.last.Load(); p.fresh(r) {
			return r, nil
		}
		r := p.probe()
		p.last.Store(r)
		return r, nil
	})
	select {
	case res := <-ch:
		return res.Val.(*healthReport), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// probe runs every check and reads the memory figures. It has its own
// context, not a request's: its result answers every caller of its
// period, so a client that hangs up must not cut it short and have the
// others told that the database is down.
func (p *prober) probe() *healthReport {
	ctx, cancel := context.WithTimeout(context.Background(), healthTimeout)
	defer cancel()
	type result struct {
		name string
		err  error
	}
	// The checks run side by side, so that hung dependencies cost one
	// timeout rather than one each; the channel holds every result, so
	// that a check that outlives the timeout does not block when it ends.
	results := make(chan result, len(p.others)+1)
	status := make(map[string]string, len(p.others)+1)
	started := 0
	run := func(name string, c Check) {
		// Until it answers, a check has failed.
		status[name] = outcome(name, errNoAnswer)
		busy := p.running[name]
		if !busy.CompareAndSwap(false, true) {
			// Its previous run still hangs: it stays failed.
			return
		}
		started++
		go func() {
			err := errNoAnswer
			defer func() {
				busy.Store(false)
				// The check runs outside the request, where no middleware
				// would catch a panic: it would end the process.
				if v := recover(); v != nil {
					p.log.Error("health check panicked", "service", name, "panic", v)
				}
				results <- result{name, err}
			}()
			err = c(ctx)
		}()
	}
	run("database", p.database)
	for name, c := range p.others {
		run(name, c)
	}
wait:
	for range started {
		select {
		case res := <-results:
			status[res.name] = outcome(res.name, res.err)
		case <-ctx.Done():
			break wait // the checks that ignore their context keep their failure
		}
	}
	return &healthReport{at: p.now(), answer: newHealthAnswer(status, readMemory())}
}

// errNoAnswer is the outcome of a check that did not return.
var errNoAnswer = errors.New("no answer")

// outcome is what /health says of a service: the database is
// "disconnected" when it fails, as the reference says, and the others,
// which the API can serve without, "degraded".
func outcome(name string, err error) string {
	switch {
	case err == nil:
		return "connected"
	case name == "database":
		return "disconnected"
	default:
		return "degraded"
	}
}
