package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

// report is a whole run.
type report struct {
	store       string
	scale       float64
	concurrency int
	duration    time.Duration
	// bareDuration is the bare handler's load beside each route, in
	// turns many slices, as the route's duration is.
	bareDuration time.Duration
	turns        int
	cpus         int
	seeding      time.Duration
	plan         plan
	// dbApart is set when the database runs in processes of its own,
	// whose CPU time is then measured apart.
	dbApart bool
	// results has the bare handler first.
	results []result
	// serverNotes and serverSamples are the server's unusual log
	// records: counts by kind, and the first warning or error of each.
	serverNotes, serverSamples []string
}

// print writes the table and what goes with it.
func (rep report) print(out io.Writer) {
	fmt.Fprintf(out, "%s, scale %g (%s); seeding took %v\n", rep.store, rep.scale, rep.plan, rep.seeding.Round(10*time.Millisecond))
	fmt.Fprintf(out, "%d workers, %v per route and %v of the bare handler beside it, in %d turns, %d CPUs shared by the bench and the server\n\n", rep.concurrency, rep.duration, rep.bareDuration, rep.turns, rep.cpus)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "route\trequest\treq/s\tp50\tp99\terrors\tbare beside\tvs bare\tgoal\tresult\tserver CPU/req\tdb CPU/req\tother procs")
	for _, r := range rep.results {
		if r.failed != "" {
			fmt.Fprintf(tw, "%s\t%s\t-\t-\t-\t-\t-\t-\t%s\t-\tnot measured: %s\n", r.name, r.request, r.goal, r.failed)
			continue
		}
		db := "-"
		if rep.dbApart && r.goal != goalBaseline {
			db = perRequest(r.dbCPU, r.requests)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%s\t%s\t%d\t%.0f\t%.1f%%\t%s\t%s\t%s\t%s\t%.2f cores\n",
			r.name, r.request, r.rate, benchkit.Millis(r.p50), benchkit.Millis(r.p99), r.errors,
			r.bareRate, r.ratio*100, r.goal, r.verdict(), perRequest(r.serverCPU, r.requests), db, cores(r.otherCPU, r.span))
	}
	_ = tw.Flush()
	rep.printBareRuns(out)
	rep.printTotals(out)
	rep.printErrors(out)
	if len(rep.serverNotes) > 0 {
		fmt.Fprintf(out, "\nserver log (besides access records and mails): %s\n", strings.Join(rep.serverNotes, "; "))
		for _, s := range rep.serverSamples {
			fmt.Fprintf(out, "  first of its kind: %s\n", s)
		}
	}
}

// printBareRuns writes the rates of the bare handler's runs, one beside
// each route (see measureBeside), and what the shares are of.
func (rep report) printBareRuns(out io.Writer) {
	if len(rep.results) == 0 || len(rep.results[0].runs) < 2 {
		return
	}
	runs := rep.results[0].runs
	fmt.Fprintf(out, "\nthe bare handler's %d runs, one beside each route in turns with it: %.0f to %.0f req/s, median %.0f (its row); "+
		"each route's share is of the bare rate of its own turns (bare beside)\n",
		len(runs), slices.Min(runs), slices.Max(runs), rep.results[0].rate)
}

// printTotals writes the goals met and the CPU time used.
func (rep report) printTotals(out io.Writer) {
	var pass, miss int
	var server, db, bench, other, wall time.Duration
	for i, r := range rep.results {
		switch r.verdict() {
		case "PASS":
			pass++
		case "MISS":
			miss++
		}
		if i > 0 { // the server's, not the bare handler's
			server += r.serverCPU
			bench += r.benchCPU
			db += r.dbCPU
			other += r.otherCPU
			wall += r.span
		}
	}
	fmt.Fprintf(out, "\ngoals: %d PASS, %d MISS\n", pass, miss)
	if wall > 0 {
		fmt.Fprintf(out, "server CPU while measured: %v in %v (%.2f of %d cores)", server.Round(10*time.Millisecond), wall.Round(10*time.Millisecond), cores(server, wall), rep.cpus)
		if rep.dbApart {
			fmt.Fprintf(out, "; the database's processes: %.2f cores", cores(db, wall))
		}
		fmt.Fprintf(out, "; the bench's own: %.2f cores; other processes: %.2f cores\n", cores(bench, wall), cores(other, wall))
		if cores(other, wall) > busyElsewhere {
			fmt.Fprintln(out, "other processes took a share of the machine: the rates are lower than on a quiet one, and a route's share of the bare rate is skewed when the load changed between the two")
		}
	}
}

// printErrors writes the kinds of error of each route that had some.
func (rep report) printErrors(out io.Writer) {
	first := true
	for _, r := range rep.results {
		if r.errors == 0 {
			continue
		}
		if first {
			fmt.Fprintln(out, "\nerrors:")
			first = false
		}
		fmt.Fprintf(out, "  %s: %d of %d: %s\n", r.name, r.errors, r.requests, kindsText(r.kinds))
	}
}

// busyElsewhere is the average CPU, in cores, that other processes may
// take during the run before the report warns that it skewed the figures.
const busyElsewhere = 0.25

// kindsText lists kinds of error with their counts.
func kindsText(kinds []errorKind) string {
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s (×%d)", k.what, k.count)
	}
	return strings.Join(parts, "; ")
}

// perRequest is CPU time per request in µs.
func perRequest(cpu time.Duration, requests uint64) string {
	if requests == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0fµs", float64(cpu)/float64(time.Microsecond)/float64(requests))
}

// cores is how many cores' worth of CPU time cpu is over wall.
func cores(cpu, wall time.Duration) float64 {
	if wall <= 0 {
		return 0
	}
	return cpu.Seconds() / wall.Seconds()
}

// jsonReport is the report as -json writes it.
type jsonReport struct {
	Store          string      `json:"store"`
	Scale          float64     `json:"scale"`
	Data           string      `json:"data"`
	Concurrency    int         `json:"concurrency"`
	DurationSec    float64     `json:"durationSeconds"`
	BareSec        float64     `json:"bareDurationSeconds"`
	Turns          int         `json:"turns"`
	CPUs           int         `json:"cpus"`
	SeedingSec     float64     `json:"seedingSeconds"`
	Routes         []jsonRoute `json:"routes"`
	ServerLogNotes []string    `json:"serverLogNotes"`
}

// jsonRoute is one route's figures.
type jsonRoute struct {
	Name        string      `json:"name"`
	Request     string      `json:"request"`
	Requests    uint64      `json:"requests"`
	ReqPerSec   float64     `json:"reqPerSec"`
	P50Ms       float64     `json:"p50Ms"`
	P99Ms       float64     `json:"p99Ms"`
	Errors      int         `json:"errors"`
	ErrorKinds  []jsonError `json:"errorKinds,omitempty"`
	RatioToBare float64     `json:"ratioToBare"`
	// BareReqPerSec is the bare rate the ratio is of (see
	// sharesOfNeighbours).
	BareReqPerSec float64 `json:"bareReqPerSec"`
	Goal          string  `json:"goal"`
	GoalShare     float64 `json:"goalShare,omitempty"`
	Result        string  `json:"result"`
	ServerCPUMs   float64 `json:"serverCpuMs"`
	DBCPUMs       float64 `json:"dbCpuMs"`
	BenchCPUMs    float64 `json:"benchCpuMs"`
	OtherCPUMs    float64 `json:"otherCpuMs"`
	NotMeasured   string  `json:"notMeasured,omitempty"`
	// RunsReqPerSec are the bare handler's runs (see measureAll).
	RunsReqPerSec []float64 `json:"runsReqPerSec,omitempty"`
}

// jsonError is one kind of error.
type jsonError struct {
	What  string `json:"what"`
	Count int    `json:"count"`
}

// toJSON is the report in the shape of jsonReport.
func (rep report) toJSON() jsonReport {
	j := jsonReport{
		Store: rep.store, Scale: rep.scale, Data: rep.plan.String(), Concurrency: rep.concurrency,
		DurationSec: rep.duration.Seconds(), BareSec: rep.bareDuration.Seconds(), Turns: rep.turns, CPUs: rep.cpus, SeedingSec: rep.seeding.Seconds(),
		ServerLogNotes: append([]string{}, rep.serverNotes...),
	}
	for _, r := range rep.results {
		jr := jsonRoute{
			Name: r.name, Request: r.request, Requests: r.requests, ReqPerSec: r.rate,
			P50Ms: ms(r.p50), P99Ms: ms(r.p99), Errors: r.errors, RatioToBare: r.ratio, BareReqPerSec: r.bareRate,
			Goal: r.goal.String(), GoalShare: r.goal.share(), Result: r.verdict(),
			ServerCPUMs: ms(r.serverCPU), DBCPUMs: ms(r.dbCPU), BenchCPUMs: ms(r.benchCPU), OtherCPUMs: ms(r.otherCPU), NotMeasured: r.failed, RunsReqPerSec: r.runs,
		}
		for _, k := range r.kinds {
			jr.ErrorKinds = append(jr.ErrorKinds, jsonError{What: k.what, Count: k.count})
		}
		j.Routes = append(j.Routes, jr)
	}
	return j
}

// writeJSON writes the report to path.
func (rep report) writeJSON(path string) error {
	b, err := json.MarshalIndent(rep.toJSON(), "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// ms is a duration in milliseconds, for JSON.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
