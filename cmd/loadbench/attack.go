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
// next request as soon as its last one is answered, adds the answers to m
// and t, and returns the time from its first request to its last answer.
func attack(ctx context.Context, client *http.Client, concurrency int, targets []vegeta.Target, d time.Duration, name string, m *vegeta.Metrics, t *tally) time.Duration {
	a := vegeta.NewAttacker(
		vegeta.Client(client),
		vegeta.Workers(uint64(concurrency)),
		vegeta.MaxWorkers(uint64(concurrency)),
		vegeta.MaxBody(maxBody),
	)
	stop := context.AfterFunc(ctx, func() { a.Stop() })
	defer stop()
	var first, last time.Time
	// A frequency of 0 is no pacing at all: the rate is what the workers
	// get answered.
	for r := range a.Attack(cycle(targets), vegeta.Rate{Freq: 0}, d, name) {
		m.Add(r)
		t.add(r)
		if first.IsZero() || r.Timestamp.Before(first) {
			first = r.Timestamp
		}
		if end := r.End(); end.After(last) {
			last = end
		}
	}
	return last.Sub(first)
}

// meters read the CPU time of what serves a route: its process's so far,
// and the database's when that runs apart (nil otherwise).
type meters struct {
	proc func() time.Duration
	db   func(context.Context) time.Duration
}

// dbCPU is the database's CPU time so far; 0 without a meter.
func (m meters) dbCPU(ctx context.Context) time.Duration {
	if m.db == nil {
		return 0
	}
	return m.db(ctx)
}

// load is one route on its server, measured in slices (see measureBeside):
// its figures add up over the slices.
type load struct {
	res         result
	client      *http.Client
	concurrency int
	targets     []vegeta.Target
	meters      meters
	metrics     vegeta.Metrics
	tally       tally
}

// newLoad readies r's load on the server its targets name.
func newLoad(o options, client *http.Client, r route, targets []vegeta.Target, mt meters) *load {
	return &load{
		res:    result{name: r.name, request: r.request, goal: r.goal},
		client: client, concurrency: o.concurrency, targets: targets, meters: mt,
	}
}

// warm loads the route for d without measuring it.
func (l *load) warm(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	var m vegeta.Metrics
	var t tally
	attack(ctx, l.client, l.concurrency, l.targets, d, l.res.name+" warm-up", &m, &t)
}

// slice measures the route for d more, with the CPU time used meanwhile.
func (l *load) slice(ctx context.Context, d time.Duration) {
	db0 := l.meters.dbCPU(ctx)
	cpu0, self0, all0 := l.meters.proc(), benchkit.SelfCPUTime(), benchkit.MachineCPUTime()
	l.res.span += attack(ctx, l.client, l.concurrency, l.targets, d, l.res.name, &l.metrics, &l.tally)
	server, bench := l.meters.proc()-cpu0, benchkit.SelfCPUTime()-self0
	all := benchkit.MachineCPUTime() - all0
	db := max(0, l.meters.dbCPU(ctx)-db0)
	l.res.serverCPU += server
	l.res.benchCPU += bench
	l.res.dbCPU += db
	l.res.otherCPU += max(0, all-server-bench-db)
}

// result is the route's figures over every slice: its rate is its answers
// over the time its slices took, not counting the time between them.
func (l *load) result() result {
	l.metrics.Close()
	res := l.res
	res.requests = l.metrics.Requests
	if res.span > 0 {
		res.rate = float64(res.requests) / res.span.Seconds()
	}
	res.p50, res.p99 = l.metrics.Latencies.P50, l.metrics.Latencies.P99
	res.errors, res.kinds = l.tally.total, l.tally.kinds
	if l.tally.other > 0 {
		res.kinds = append(res.kinds, errorKind{what: "other kinds", count: l.tally.other})
	}
	return res
}

// measureBeside warms the route up, then measures it in o.turns slices,
// each right after a slice of the bare handler, and returns both: the
// route's share is of the bare rate measured between its own slices
// (bareRate, ratio). The machine's speed drifts over a run (other tenants
// of the host, the CPU's clock), by as much as half within a minute on a
// shared host: a route and the bare handler measured at different
// times would each carry a different moment's speed into the share.
// Taken in turns of a second or so, both see the same moments.
func measureBeside(ctx context.Context, o options, route, bare *load) (res, bareRes result) {
	if len(route.targets) == 0 {
		route.res.failed = "no seeded data to request"
		return route.res, result{}
	}
	route.warm(ctx, o.warmup)
	for i := range o.turns {
		if ctx.Err() != nil {
			break
		}
		bare.slice(ctx, sliceOf(o.bareDuration, o.turns, i))
		route.slice(ctx, sliceOf(o.duration, o.turns, i))
	}
	res, bareRes = route.result(), bare.result()
	res.bareRate = bareRes.rate
	if bareRes.rate > 0 {
		res.ratio = res.rate / bareRes.rate
	}
	return res, bareRes
}

// sliceOf is the i-th of n slices of d, which together make up d.
func sliceOf(d time.Duration, n, i int) time.Duration {
	return d*time.Duration(i+1)/time.Duration(n) - d*time.Duration(i)/time.Duration(n)
}

// measureAll measures each route on the server in turns with the bare
// handler (see measureBeside and inTurn).
func measureAll(ctx context.Context, o options, srv *benchkit.Server, db store, c *benchkit.Client, w *world, tmp string, routes []route) ([]result, error) {
	body, err := healthBody(ctx, srv.Base)
	if err != nil {
		return nil, err
	}
	// Each server has connections of its own, kept open from one slice
	// to the next.
	client, bareClient := newHTTPClient(o.concurrency), newHTTPClient(o.concurrency)
	defer client.CloseIdleConnections()
	defer bareClient.CloseIdleConnections()
	fmt.Printf("\nloading each route for %v after a %v warm-up, and the bare handler for %v beside it, in %d turns; %d workers on as many connections; load average %s\n",
		o.duration, o.warmup, o.bareDuration, o.turns, o.concurrency, loadAverage())

	bare, bareBase, err := startBare(ctx, tmp, body)
	if err != nil {
		return nil, err
	}
	defer bare.Stop()
	bareTargets := bareRoute.targets(w, bareBase)
	newLoad(o, bareClient, bareRoute, bareTargets, meters{proc: bare.CPUTime}).warm(ctx, o.warmup)
	results, bareRuns, err := inTurn(ctx, routes, turnSteps{
		prepare: func(ctx context.Context) error {
			// A margin past the route's load covers the next routes'
			// setup; a server that keeps tokens shorter than a route's
			// load cannot be helped.
			until := time.Now().Add(o.warmup + o.bareDuration + o.duration + time.Minute)
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
		measure: func(ctx context.Context, r route) (result, result, error) {
			res, bareRes := measureBeside(ctx, o,
				newLoad(o, client, r, r.targets(w, srv.Base), meters{proc: srv.Process.CPUTime, db: db.backendCPU}),
				newLoad(o, bareClient, bareRoute, bareTargets, meters{proc: bare.CPUTime}))
			progress(res)
			if res.failed == "" && bareRes.rate == 0 && ctx.Err() == nil {
				return res, bareRes, fmt.Errorf("the bare handler answered nothing: %v", bareRes.kinds)
			}
			return res, bareRes, nil
		},
	})
	if len(bareRuns) == 0 {
		return nil, err
	}
	return append([]result{medianRun(bareRuns)}, results...), err
}

// turnSteps are what a turn of inTurn does.
type turnSteps struct {
	// prepare readies the server for the next route: tokens that would
	// expire refreshed, the store settled (VACUUM on PostgreSQL).
	prepare func(context.Context) error
	// measure measures a route and the bare handler beside it; the bare
	// figures are zero when the route could not be measured.
	measure func(context.Context, route) (res, bare result, err error)
}

// inTurn prepares and measures each route in turn: bare[i] is the bare
// handler's run beside the i-th measured route. A failed step or a
// cancelled run ends it with what was measured whole so far.
func inTurn(ctx context.Context, routes []route, steps turnSteps) (results, bare []result, err error) {
	for _, r := range routes {
		if err := ctx.Err(); err != nil {
			return results, bare, err
		}
		if err := steps.prepare(ctx); err != nil {
			return results, bare, err
		}
		res, b, err := steps.measure(ctx, r)
		if err != nil {
			return results, bare, err
		}
		if err := ctx.Err(); err != nil {
			// Cut short: the rates are of a fraction of the load.
			return results, bare, err
		}
		results = append(results, res)
		if res.failed == "" {
			bare = append(bare, b)
		}
	}
	return results, bare, nil
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

// progress prints a route's figures, with the bare rate beside it, as
// soon as they are known.
func progress(r result) {
	if r.failed != "" {
		fmt.Printf("  %-16s not measured: %s\n", r.name, r.failed)
		return
	}
	fmt.Printf("  %-16s %8.0f req/s  p50 %-8s p99 %-8s errors %-4d bare beside %6.0f req/s (%.1f%%)\n",
		r.name, r.rate, benchkit.Millis(r.p50), benchkit.Millis(r.p99), r.errors, r.bareRate, 100*r.ratio)
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
