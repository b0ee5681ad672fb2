package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

// Targets of the issue, on a two-core machine.
const (
	targetViewers = 1000
	targetRate    = 20
	targetP99     = 100 * time.Millisecond
	targetIdle    = 10000
	targetIdleRSS = 300 << 20
)

// report is one scenario's outcome for one kind.
type report struct {
	scenario, kind string
	label          string
	fanout         *fanoutResult
	idle           *idleResult
	skipped        string
	err            error
	// serverNotes are the server's unusual log records.
	serverNotes []string
}

// verdict compares the run with the target: PASS, MISS, or "-"
// when there is nothing to compare.
func (r report) verdict() string {
	switch {
	case r.err != nil || r.skipped != "":
		return "-"
	case r.fanout != nil:
		f := r.fanout
		if f.connected == f.viewers && f.refused == 0 && f.lost == 0 && f.dups == 0 && f.dropped == 0 && f.latency.p99 < targetP99 && f.latency.n > 0 {
			return "PASS"
		}
		return "MISS"
	case r.idle != nil:
		i := r.idle
		if i.connected == i.conns && i.dropped == 0 && i.rssAfter < targetIdleRSS {
			return "PASS"
		}
		return "MISS"
	}
	return "-"
}

// print writes the run's details.
func (r report) print() {
	title := r.scenario + " · " + r.kind
	if r.label != "" {
		title += " (" + r.label + ")"
	}
	fmt.Printf("== %s ==\n", title)
	switch {
	case r.skipped != "":
		fmt.Printf("skipped: %s\n", r.skipped)
	case r.fanout != nil:
		r.printFanout()
	case r.idle != nil:
		r.printIdle()
	}
	if r.err != nil {
		fmt.Printf("error: %v\n", r.err)
	}
	if len(r.serverNotes) > 0 {
		fmt.Printf("server log: %s\n", strings.Join(r.serverNotes, "; "))
	}
	fmt.Println()
}

func (r report) printFanout() {
	f := r.fanout
	fmt.Printf("viewers     %d of %d connected and joined in %v%s\n", f.connected, f.viewers, f.connectTime.Round(time.Millisecond), failure(f.connectErr))
	fmt.Printf("senders     %d, %g comments/s for %v: sent %d, stored %d, refused %d%s\n",
		f.senders, f.rate, f.duration, f.sent, f.stored, f.refused, failure(f.refusal))
	fmt.Printf("deliveries  %d of %d expected; lost %d, duplicates %d, viewers dropped %d%s\n",
		f.received, f.expected, f.lost, f.dups, f.dropped, failure(f.dropCause))
	if !f.drained {
		fmt.Printf("            (not all delivered within the drain time)\n")
	}
	fmt.Printf("rate        %.0f deliveries/s over %v (first send to last delivery)\n", f.perSec, f.window.Round(time.Millisecond))
	fmt.Printf("latency     p50 %v  p99 %v  max %v  (send to receive, %d deliveries)\n",
		benchkit.Millis(f.latency.p50), benchkit.Millis(f.latency.p99), benchkit.Millis(f.latency.max), f.latency.n)
	fmt.Printf("ack         p50 %v  p99 %v  max %v  (send to the sender's acknowledgement)\n",
		benchkit.Millis(f.ackDelay.p50), benchkit.Millis(f.ackDelay.p99), benchkit.Millis(f.ackDelay.max))
	if f.received > 0 {
		fmt.Printf("CPU         server %v (%.1fµs per delivery), bench %v (%.1fµs), from the first send to the end\n",
			f.serverCPU.Round(time.Millisecond), f.serverPerDelivery(), f.clientCPU.Round(time.Millisecond), perDelivery(f.clientCPU, f.received))
	}
	fmt.Printf("target      %d viewers × %d comments/s, p99 < %v, nothing lost: %s%s\n",
		targetViewers, targetRate, targetP99, r.verdict(), r.scaleNote())
}

func (r report) printIdle() {
	i := r.idle
	fmt.Printf("connections %d of %d connected and joined in %v%s; dropped while idle %d%s\n",
		i.connected, i.conns, i.connectTime.Round(time.Millisecond), failure(i.connectErr), i.dropped, failure(i.dropCause))
	fmt.Printf("server RSS  before %s, after %s: +%s, %s per connection (open-file limit %s)\n",
		benchkit.MiB(i.rssBefore), benchkit.MiB(i.rssAfter), benchkit.MiB(i.rssAfter-i.rssBefore), benchkit.KiB(i.perConn()), i.fileLimit)
	if i.goAfter.Sys > 0 {
		n := float64(max(i.connected, 1))
		fmt.Printf("server Go   runtime total %s (+%s), heap in use %s (+%s, %s/conn), stacks %s (+%s, %s/conn)\n",
			benchkit.MiB(i.goAfter.Sys), benchkit.MiB(i.goAfter.Sys-i.goBefore.Sys),
			benchkit.MiB(i.goAfter.HeapAlloc), benchkit.MiB(i.goAfter.HeapAlloc-i.goBefore.HeapAlloc), benchkit.KiB(float64(i.goAfter.HeapAlloc-i.goBefore.HeapAlloc)/n),
			benchkit.MiB(i.goAfter.StackSys), benchkit.MiB(i.goAfter.StackSys-i.goBefore.StackSys), benchkit.KiB(float64(i.goAfter.StackSys-i.goBefore.StackSys)/n))
	}
	fmt.Printf("target      %d idle connections under %s RSS: %s%s\n", targetIdle, benchkit.MiB(targetIdleRSS), r.verdict(), r.scaleNote())
}

// scaleNote warns when the run was smaller or larger than the target's.
func (r report) scaleNote() string {
	switch {
	case r.fanout != nil && (r.fanout.viewers != targetViewers || r.fanout.rate != targetRate):
		return fmt.Sprintf(" (this run: %d × %g/s)", r.fanout.viewers, r.fanout.rate)
	case r.idle != nil && r.idle.conns != targetIdle:
		return fmt.Sprintf(" (this run: %d connections)", r.idle.conns)
	}
	return ""
}

// printSummary writes one table of every run.
func printSummary(rs []report) {
	if len(rs) == 0 {
		return
	}
	fmt.Println("== summary ==")
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "scenario\tkind\tconns\tdeliveries/s\tp50\tp99\tmax\tlost\tdups\tserver CPU/delivery\tRSS after\tRSS/conn\ttarget\t")
	for _, r := range rs {
		row := []string{r.scenario, r.kind}
		switch {
		case r.fanout != nil:
			f := r.fanout
			row = append(row, fmt.Sprint(f.connected), fmt.Sprintf("%.0f", f.perSec),
				benchkit.Millis(f.latency.p50), benchkit.Millis(f.latency.p99), benchkit.Millis(f.latency.max),
				fmt.Sprint(f.lost), fmt.Sprint(f.dups), fmt.Sprintf("%.1fµs", f.serverPerDelivery()), "", "")
		case r.idle != nil:
			i := r.idle
			row = append(row, fmt.Sprint(i.connected), "", "", "", "", "", "", "", benchkit.MiB(i.rssAfter), benchkit.KiB(i.perConn()))
		default:
			note := "not run"
			if r.skipped != "" {
				note = "not available"
			}
			row = append(row, note, "", "", "", "", "", "", "", "", "")
		}
		if r.err != nil {
			row = append(row, "error")
		} else {
			row = append(row, r.verdict())
		}
		fmt.Fprintln(w, strings.Join(row, "\t")+"\t")
	}
	_ = w.Flush()
}

// serverPerDelivery is the server's CPU time per delivery in µs.
func (f *fanoutResult) serverPerDelivery() float64 { return perDelivery(f.serverCPU, f.received) }

// perDelivery divides a CPU time in µs by a count of deliveries.
func perDelivery(d time.Duration, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(d) / float64(time.Microsecond) / float64(n)
}

func failure(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}
