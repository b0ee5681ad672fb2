// Command livebench measures the live-comment endpoints of a real server
// process: how fast a room's comments reach its viewers, and how much
// memory idle connections cost the server.
//
// It builds ./cmd/stagecast, runs it on the memory store with the limits
// that would throttle the bench lifted, signs a member up and publishes a
// video through the REST API, then runs each scenario for each kind of
// client, on a fresh server process every time:
//
//   - fanout: -viewers connections join the video's room while a few
//     sender connections post -rate comments a second in total for
//     -duration; every comment carries its send time and a sequence
//     number, so that each viewer measures the delivery latency and
//     notices lost and duplicated comments.
//   - idle: -idle connections authenticate and join the room, then stay
//     quiet; the server's resident memory (VmRSS) is read before and after
//     they connect.
//
// Client kinds are "native" (the JSON-frame WebSocket endpoint,
// /api/v1/live by default) and "socketio" (Socket.IO v4 over an Engine.IO
// WebSocket at /socket.io/). A server without the Socket.IO endpoint is
// reported as such and the other runs go on.
//
// Usage:
//
//	go run ./cmd/livebench [-viewers 1000] [-rate 20] [-duration 10s]
//	    [-idle 10000] [-kinds native,socketio] [-scenarios fanout,idle]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

// options are the command's flags.
type options struct {
	viewers    int
	senders    int
	rate       float64
	duration   time.Duration
	idle       int
	kinds      []string
	scenarios  []string
	bin        string
	nativePath string
	settle     time.Duration
	dialers    int
	drain      time.Duration
	verbose    bool
}

// parseFlags reads and checks the command line.
func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("livebench", flag.ContinueOnError)
	fs.IntVar(&o.viewers, "viewers", 1000, "viewer connections in the room (fanout)")
	fs.IntVar(&o.senders, "senders", 4, "sender connections sharing -rate (fanout)")
	fs.Float64Var(&o.rate, "rate", 20, "comments per second, all senders together (fanout)")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long the senders send (fanout)")
	fs.IntVar(&o.idle, "idle", 10000, "idle connections (idle)")
	kinds := fs.String("kinds", "native,socketio", "client kinds, comma-separated: native, socketio")
	scenarios := fs.String("scenarios", "fanout,idle", "scenarios, comma-separated: fanout, idle")
	fs.StringVar(&o.bin, "bin", "", "server binary to run instead of building ./cmd/stagecast")
	fs.StringVar(&o.nativePath, "native-path", "/api/v1/live", "path of the native endpoint: /api/v1/live or /api/live")
	fs.DurationVar(&o.settle, "settle", 10*time.Second, "wait before each reading of the server's memory (idle)")
	fs.IntVar(&o.dialers, "dialers", 32, "connections being opened at once")
	fs.DurationVar(&o.drain, "drain", 10*time.Second, "longest wait for the last deliveries after sending stops (fanout)")
	fs.BoolVar(&o.verbose, "v", false, "print progress and the server's unusual log records")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.kinds = benchkit.SplitList(*kinds)
	o.scenarios = benchkit.SplitList(*scenarios)
	for _, k := range o.kinds {
		if k != kindNative && k != kindSocketIO {
			return o, fmt.Errorf("unknown kind %q (want native or socketio)", k)
		}
	}
	for _, s := range o.scenarios {
		if s != scenarioFanout && s != scenarioIdle {
			return o, fmt.Errorf("unknown scenario %q (want fanout or idle)", s)
		}
	}
	switch {
	case o.viewers < 1 || o.senders < 1 || o.idle < 1 || o.dialers < 1:
		return o, errors.New("-viewers, -senders, -idle and -dialers must be at least 1")
	case o.rate <= 0 || o.duration <= 0:
		return o, errors.New("-rate and -duration must be positive")
	}
	return o, nil
}

// Scenario names.
const (
	scenarioFanout = "fanout"
	scenarioIdle   = "idle"
)

func main() {
	benchkit.Main("livebench", parseFlags, run)
}

// run builds the server and runs every scenario for every kind.
func run(ctx context.Context, o options) error {
	limit, err := benchkit.RaiseFileLimit()
	if err != nil {
		return err
	}
	need := max(o.viewers+o.senders, o.idle) + 100
	if limit < uint64(need) {
		fmt.Printf("warning: open-file limit %d is below the %d connections asked for\n", limit, need)
	}
	ws, err := benchkit.NewWorkspace(ctx, "livebench", o.bin)
	if err != nil {
		return err
	}
	defer ws.Close()
	bin, tmp, media := ws.Bin, ws.Tmp, ws.Media
	fmt.Printf("open-file limit %d; GOMAXPROCS of both processes: %d\n\n", limit, benchkit.NumCPU())

	var reports []report
	for _, sc := range o.scenarios {
		for _, k := range o.kinds {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r := runOne(ctx, o, bin, tmp, media, sc, k)
			if ctx.Err() != nil {
				fmt.Printf("interrupted during %s · %s\n", sc, k)
				return ctx.Err()
			}
			r.print()
			reports = append(reports, r)
		}
	}
	printSummary(reports)
	return ctx.Err()
}

// runOne runs one scenario for one kind on a server of its own.
func runOne(ctx context.Context, o options, bin, tmp string, media benchkit.Media, scenario, kind string) (r report) {
	r = report{scenario: scenario, kind: kind}
	srv, err := benchkit.StartServer(ctx, benchkit.ServerOptions{Bin: bin, Tmp: tmp, Verbose: o.verbose})
	if err != nil {
		r.err = err
		return r
	}
	defer func() {
		srv.Stop()
		r.serverNotes = srv.Log.Notes()
	}()
	fx, err := seed(ctx, srv, media)
	if err != nil {
		r.err = fmt.Errorf("seeding: %w", err)
		return r
	}
	c := newClientKind(kind, srv.Base, o.nativePath)
	r.label = c.label()
	if err := available(ctx, c, fx.token); err != nil {
		r.skipped = err.Error()
		return r
	}
	switch scenario {
	case scenarioFanout:
		r.fanout, r.err = runFanout(ctx, o, c, fx, srv)
	case scenarioIdle:
		r.idle, r.err = runIdle(ctx, o, c, fx, srv)
	}
	return r
}
