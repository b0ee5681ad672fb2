package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

// result is what loading one route measured.
type result struct {
	name, request string
	goal          goal
	requests      uint64
	// rate is answers a second, errors included, from the first request
	// to the last answer.
	rate float64
	// span is how long the load was measured: -duration for a route,
	// -bare-duration for a run of the bare handler.
	span     time.Duration
	p50, p99 time.Duration
	// errors counts answers that are not 2xx, and requests that got no
	// answer; kinds tells the first few apart.
	errors int
	kinds  []errorKind
	// serverCPU and benchCPU are the CPU time the serving process and
	// the bench used while the route was measured, dbCPU the database
	// server's processes (PostgreSQL only), otherCPU what every other
	// process of the machine used meanwhile.
	serverCPU, benchCPU, dbCPU, otherCPU time.Duration
	// ratio is rate as a share of bareRate, the bare handler's rate
	// beside the route (see sharesOfNeighbours).
	ratio, bareRate float64
	// runs are the rates of each of the bare handler's runs (see
	// measureAll), in their order; for the bare handler only.
	runs []float64
	// failed says why the route could not be measured.
	failed string
}

// verdict compares the route with its goal.
func (r result) verdict() string {
	if r.failed != "" {
		return "-"
	}
	return r.goal.verdict(r.ratio, r.errors)
}

// errorKind is one kind of failed request: a status and the message of
// its body, or a transport error.
type errorKind struct {
	what  string
	count int
}

// maxErrorKinds is how many kinds of error a route keeps apart.
const maxErrorKinds = 4

// maxBody is how much of each answer the bench keeps: enough for an
// error's message; the rest is read and dropped.
const maxBody = 1024

// tally counts failures by kind.
type tally struct {
	total int
	kinds []errorKind
	other int // failures of kinds past maxErrorKinds
}

// add counts a result when it failed.
func (t *tally) add(r *vegeta.Result) {
	if r.Code >= 200 && r.Code < 300 {
		return
	}
	t.total++
	what := describe(r)
	for i := range t.kinds {
		if t.kinds[i].what == what {
			t.kinds[i].count++
			return
		}
	}
	if len(t.kinds) < maxErrorKinds {
		t.kinds = append(t.kinds, errorKind{what: what, count: 1})
		return
	}
	t.other++
}

// describe names a failed request: the status and the message the body
// carries, or the transport error.
func describe(r *vegeta.Result) string {
	if r.Code == 0 {
		return "no answer: " + r.Error
	}
	var body struct {
		Message string `json:"message"`
	}
	msg := ""
	if json.Unmarshal(r.Body, &body) == nil {
		msg = body.Message
	} else if len(r.Body) > 0 {
		msg = strings.TrimSpace(string(r.Body[:min(len(r.Body), 80)]))
	}
	return strings.TrimSpace(fmt.Sprintf("%d %s", r.Code, msg))
}

// newHTTPClient is the client of every attack: as many keep-alive
// connections as workers, kept from the warm-up to the measurement.
func newHTTPClient(conns int) *http.Client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// attack loads the targets for d, concurrency workers each sending its
// next request as soon as its last one is answered, and gathers the
// answers.
func attack(ctx context.Context, client *http.Client, concurrency int, targets []vegeta.Target, d time.Duration, name string) (vegeta.Metrics, tally) {
	a := vegeta.NewAttacker(
		vegeta.Client(client),
		vegeta.Workers(uint64(concurrency)),
		vegeta.MaxWorkers(uint64(concurrency)),
		vegeta.MaxBody(maxBody),
	)
	stop := context.AfterFunc(ctx, func() { a.Stop() })
	defer stop()
	var m vegeta.Metrics
	var t tally
	// A frequency of 0 is no pacing at all: the rate is what the workers
	// get answered.
	for r := range a.Attack(cycle(targets), vegeta.Rate{Freq: 0}, d, name) {
		m.Add(r)
		t.add(r)
	}
	m.Close()
	return m, t
}

// meters read the CPU time of what serves a route: its process, and the
// database's when that runs apart (nil otherwise).
type meters struct {
	proc *benchkit.Process
	db   func(context.Context) time.Duration
}

// dbCPU is the database's CPU time so far; 0 without a meter.
func (m meters) dbCPU(ctx context.Context) time.Duration {
	if m.db == nil {
		return 0
	}
	return m.db(ctx)
}

// measure warms the route up, then loads it and reads the CPU time used
// meanwhile.
func measure(ctx context.Context, o options, client *http.Client, r route, targets []vegeta.Target, mt meters) result {
	res := result{name: r.name, request: r.request, goal: r.goal}
	if len(targets) == 0 {
		res.failed = "no seeded data to request"
		return res
	}
	if o.warmup > 0 {
		attack(ctx, client, o.concurrency, targets, o.warmup, r.name+" warm-up")
	}
	db0 := mt.dbCPU(ctx)
	res.span = o.duration
	cpu0, self0, all0 := mt.proc.CPUTime(), benchkit.SelfCPUTime(), benchkit.MachineCPUTime()
	m, t := attack(ctx, client, o.concurrency, targets, o.duration, r.name)
	res.serverCPU, res.benchCPU = mt.proc.CPUTime()-cpu0, benchkit.SelfCPUTime()-self0
	all := benchkit.MachineCPUTime() - all0
	res.dbCPU = max(0, mt.dbCPU(ctx)-db0)
	res.otherCPU = max(0, all-res.serverCPU-res.benchCPU-res.dbCPU)
	res.requests = m.Requests
	if span := (m.Duration + m.Wait).Seconds(); span > 0 {
		res.rate = float64(m.Requests) / span
	}
	res.p50, res.p99 = m.Latencies.P50, m.Latencies.P99
	res.errors, res.kinds = t.total, t.kinds
	if t.other > 0 {
		res.kinds = append(res.kinds, errorKind{what: "other kinds", count: t.other})
	}
	return res
}

// measureAll measures each route on the server with the bare handler
// just before it, and the bare handler once more after the last route
// (see inTurn). The machine's speed drifts over a run (other tenants of
// the host, the CPU's clock), by a fifth within minutes on a shared host,
// so a route's share is of the bare runs beside it (sharesOfNeighbours)
// rather than of one far off in the run.
func measureAll(ctx context.Context, o options, srv *benchkit.Server, db store, c *benchkit.Client, w *world, tmp string, routes []route) ([]result, error) {
	body, err := healthBody(ctx, srv.Base)
	if err != nil {
		return nil, err
	}
	client := newHTTPClient(o.concurrency)
	defer client.CloseIdleConnections()
	fmt.Printf("\nloading each route for %v after a %v warm-up, the bare handler for %v before each, %d workers on as many connections; load average %s\n",
		o.duration, o.warmup, o.bareDuration, o.concurrency, loadAverage())

	bare, bareBase, err := startBare(ctx, tmp, body)
	if err != nil {
		return nil, err
	}
	defer bare.Stop()
	bareOpts := o
	bareOpts.duration = o.bareDuration
	results, bareRuns, err := inTurn(ctx, routes, turnSteps{
		prepare: func(ctx context.Context) error {
			// A margin past the bare run and the route's own load covers
			// the next routes' setup; a server that keeps tokens shorter
			// than a route's load cannot be helped.
			until := time.Now().Add(2*o.warmup + o.bareDuration + o.duration + time.Minute)
			n, err := w.refresh(ctx, c, until, o.seedWorkers)
			if err != nil {
				return fmt.Errorf("refreshing tokens: %w", err)
			}
			if n > 0 {
				fmt.Printf("  refreshed %d access tokens that would have expired\n", n)
			}
			if db.settle != nil {
				return db.settle(ctx)
			}
			return nil
		},
		bare: func(ctx context.Context) (result, error) {
			run := measure(ctx, bareOpts, client, bareRoute, bareRoute.targets(w, bareBase), meters{proc: bare})
			client.CloseIdleConnections()
			progress(run)
			if run.rate == 0 {
				return run, fmt.Errorf("the bare handler answered nothing: %v", run.kinds)
			}
			return run, nil
		},
		route: func(ctx context.Context, r route) result {
			res := measure(ctx, o, client, r, r.targets(w, srv.Base), meters{proc: srv.Process, db: db.backendCPU})
			progress(res)
			return res
		},
	})
	if len(bareRuns) == 0 {
		return nil, err
	}
	sharesOfNeighbours(results, bareRuns)
	return append([]result{medianRun(bareRuns)}, results...), err
}

// turnSteps are what a turn of inTurn does.
type turnSteps struct {
	// prepare readies the server for the next route: tokens that would
	// expire refreshed, the store settled (VACUUM on PostgreSQL). It runs
	// after the bare run, right before the route: whatever the settling
	// leaves running (a checkpoint's writes) slows the route, never the
	// bare rate it is compared with.
	prepare func(context.Context) error
	bare    func(context.Context) (result, error)
	route   func(context.Context, route) result
}

// inTurn runs, for each route, a bare run, prepare and the route, then a
// last bare run once every route ran: bare[i] ran just before results[i]
// and, when there is one, bare[i+1] next after it. A failed step or a
// cancelled run ends it with what was measured so far (the last route,
// then, compared with the run before it only).
func inTurn(ctx context.Context, routes []route, steps turnSteps) (results, bare []result, err error) {
	runBare := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		run, err := steps.bare(ctx)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			// Cut short: the run's rate is of a fraction of its load.
			return err
		}
		bare = append(bare, run)
		return nil
	}
	for _, r := range routes {
		if err := ctx.Err(); err != nil {
			return results, bare, err
		}
		if err := runBare(); err != nil {
			return results, bare, err
		}
		if err := steps.prepare(ctx); err != nil {
			return results, bare, err
		}
		res := steps.route(ctx, r)
		if err := ctx.Err(); err != nil {
			return results, bare, err
		}
		results = append(results, res)
	}
	if len(results) > 0 {
		err = runBare()
	}
	return results, bare, err
}

// sharesOfNeighbours sets each route's share of the bare rate: bare[i]
// ran just before results[i], and bare[i+1], when there is one, next
// after it (see inTurn); the share is of the mean of the two (bareRate).
func sharesOfNeighbours(results, bare []result) {
	for i := range results {
		if i >= len(bare) {
			return
		}
		ref := bare[i].rate
		if i+1 < len(bare) {
			ref = (ref + bare[i+1].rate) / 2
		}
		results[i].bareRate = ref
		if ref > 0 {
			results[i].ratio = results[i].rate / ref
		}
	}
}

// medianRun is the bare run of median rate, which the table shows as the
// bare handler's row; with two runs, the first one's figures with their
// mean rate (so that its rate is no longer its requests over the
// duration). It keeps every run's rate.
func medianRun(runs []result) result {
	sorted := slices.Clone(runs)
	slices.SortFunc(sorted, func(a, b result) int { return cmp.Compare(a.rate, b.rate) })
	base := sorted[len(sorted)/2]
	if len(sorted) == 2 {
		base = runs[0]
		base.rate = (sorted[0].rate + sorted[1].rate) / 2
	}
	base.ratio = 1
	base.bareRate = base.rate
	base.runs = make([]float64, len(runs))
	for i, r := range runs {
		base.runs[i] = r.rate
	}
	return base
}

// progress prints a route's figures as soon as they are known.
func progress(r result) {
	if r.failed != "" {
		fmt.Printf("  %-16s not measured: %s\n", r.name, r.failed)
		return
	}
	fmt.Printf("  %-16s %8.0f req/s  p50 %-8s p99 %-8s errors %d\n", r.name, r.rate, benchkit.Millis(r.p50), benchkit.Millis(r.p99), r.errors)
}

// loadAverage is the machine's load average over 1, 5 and 15 minutes,
// from /proc: a busy machine skews every figure.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// healthBody is what /health answers now: the bytes the bare handler
// serves, so that both answers are the same size.
func healthBody(ctx context.Context, base string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/health", nil)
	if err != nil {
		return nil, err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("/health answered %d: %s", res.StatusCode, b)
	}
	return b, nil
}
