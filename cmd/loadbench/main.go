// Command loadbench measures how many requests a second a real server
// process answers on the read routes of /api/v1 (and on the common
// writes), and how fast, next to a bare net/http handler on the same
// machine.
//
// It builds ./cmd/stagecast (or runs -bin, so that an older build can be
// measured the same way), starts it on a fresh store (a SQLite file in a
// temporary directory, or a PostgreSQL database created for the run and
// dropped after it), local disk media and the log mailer, with the limits
// that would throttle the bench lifted. It then seeds data through the
// API with parallel workers: members (signed up with the code the log
// mailer writes), videos (small valid uploads, most published), follows,
// likes (of videos, comments and posts), comments, community posts,
// playlists and a watch history for the measured member. -scale multiplies
// all of it, to show whether a route's cost grows with the data.
//
// Each route is then loaded for -duration, after -warmup, by -concurrency
// workers on as many keep-alive connections, each sending its next request
// as soon as the last one is answered. Requests cycle through the seeded
// ids and members. Right before each route the store is brought to the
// state it keeps in steady use, so that no route pays for the one before:
// on PostgreSQL the database is vacuumed and analyzed, as autovacuum
// would do, and SQLite's write-ahead log is checkpointed, as the server
// does whenever no read holds it. Beside each route the bare handler is
// measured for -bare-duration: another process (this binary, started
// again in a hidden mode) that answers every request with the bytes
// /health returned, so that the table shows each route's rate as a share
// of what the machine's HTTP stack alone can do. The two take -turns
// turns, a slice of the bare handler's load and then one of the route's,
// and each route's share is of the bare rate of its own turns: the
// machine's speed drifts over a run, by as much as half within a minute
// on a shared host, and a bare rate measured at other moments would carry
// that drift into the share. The table marks
// each share against the goal of its kind of route: /health at least 50 %,
// /auth/me and check-username 25 %, list pages 15 %, searches 10 %.
//
// The bench shares the machine's cores with the server: on a small machine
// the figures are lower than a separate client would measure, for the bare
// handler as for the routes.
//
// Usage:
//
//	go run ./cmd/loadbench [-store sqlite|postgres] [-postgres-url URL]
//	    [-scale 1] [-concurrency 64] [-duration 5s] [-warmup 1s] [-bare-duration 5s] [-turns 5]
//	    [-routes name,...] [-json file] [-bin path]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"
)

// Stores the bench can run on.
const (
	storeSQLite   = "sqlite"
	storePostgres = "postgres"
)

// defaultPostgresURL is the server -store postgres uses when neither
// -postgres-url nor TEST_POSTGRES_URL names one.
const defaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// options are the command's flags.
type options struct {
	store       string
	postgresURL string
	bin         string
	scale       float64
	concurrency int
	duration    time.Duration
	warmup      time.Duration
	// bareDuration is the bare handler's measured load beside each
	// route, in as many slices as the route's (see measureBeside).
	bareDuration time.Duration
	// turns is how many turns a route's measurement takes with the bare
	// handler's.
	turns       int
	routes      []string
	jsonPath    string
	seedWorkers int
	verbose     bool
}

// parseFlags reads and checks the command line; getenv supplies
// TEST_POSTGRES_URL.
func parseFlags(args []string, getenv func(string) string) (options, error) {
	var o options
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	fs.StringVar(&o.store, "store", storeSQLite, "store: sqlite (a fresh file) or postgres (a fresh database on -postgres-url)")
	pgDefault := getenv("TEST_POSTGRES_URL")
	if pgDefault == "" {
		pgDefault = defaultPostgresURL
	}
	fs.StringVar(&o.postgresURL, "postgres-url", pgDefault, "PostgreSQL server for -store postgres, $TEST_POSTGRES_URL when set; the run creates a database of its own there and drops it after")
	fs.StringVar(&o.bin, "bin", "", "server binary to run instead of building ./cmd/stagecast")
	fs.Float64Var(&o.scale, "scale", 1, "multiplies the seeded data (1: 50 members, 2,000 videos)")
	fs.IntVar(&o.concurrency, "concurrency", 64, "workers, each with its own keep-alive connection")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "measured load on each route")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured load on each route before its measurement")
	fs.DurationVar(&o.bareDuration, "bare-duration", 5*time.Second, "measured load on the bare handler beside each route, in turns with the route's")
	fs.IntVar(&o.turns, "turns", 5, "turns each route's measurement takes with the bare handler's: a slice of the bare handler's load, then one of the route's")
	routes := fs.String("routes", "", "only these routes, comma-separated: a route's name, or a part of names or requests (the bare handler always runs)")
	fs.StringVar(&o.jsonPath, "json", "", "also write the results to this file as JSON")
	fs.IntVar(&o.seedWorkers, "seed-workers", 16, "parallel requests while seeding")
	fs.BoolVar(&o.verbose, "v", false, "print the server's unusual log records as they come")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	o.routes = benchkit.SplitList(*routes)
	switch {
	case o.store != storeSQLite && o.store != storePostgres:
		return o, fmt.Errorf("unknown store %q (want sqlite or postgres)", o.store)
	case o.store == storePostgres && o.postgresURL == "":
		return o, errors.New("-store postgres needs -postgres-url")
	case o.scale <= 0:
		return o, errors.New("-scale must be positive")
	case o.concurrency < 1 || o.seedWorkers < 1:
		return o, errors.New("-concurrency and -seed-workers must be at least 1")
	case o.duration <= 0 || o.bareDuration <= 0 || o.warmup < 0:
		return o, errors.New("-duration and -bare-duration must be positive and -warmup not negative")
	case o.turns < 1 || time.Duration(o.turns) > min(o.duration, o.bareDuration)/(100*time.Millisecond):
		return o, errors.New("-turns must be at least 1, and leave each slice of -duration and -bare-duration 100ms at least")
	}
	return o, nil
}

func main() {
	// The bare handler's process is this binary again, in a mode that
	// -h does not list: it is no use by hand.
	if len(os.Args) > 1 && os.Args[1] == bareFlag {
		if err := serveBare(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "loadbench bare server:", err)
			os.Exit(1)
		}
		return
	}
	benchkit.Main("loadbench", func(args []string) (options, error) { return parseFlags(args, os.Getenv) }, run)
}

// run builds and starts the server, seeds it, measures every route and
// reports.
func run(ctx context.Context, o options) error {
	routes, err := selectRoutes(allRoutes(), o.routes)
	if err != nil {
		return err
	}
	if _, err := benchkit.RaiseFileLimit(); err != nil {
		return err
	}
	ws, err := benchkit.NewWorkspace(ctx, "loadbench", o.bin)
	if err != nil {
		return err
	}
	defer ws.Close()
	bin, tmp, media := ws.Bin, ws.Tmp, ws.Media
	db, err := openStore(ctx, o, tmp)
	if err != nil {
		return err
	}
	defer func() {
		if err := db.close(); err != nil {
			fmt.Fprintln(os.Stderr, "loadbench:", err)
		}
	}()

	srv, err := benchkit.StartServer(ctx, benchkit.ServerOptions{
		Bin: bin, Tmp: tmp, DatabaseURL: db.url, Verbose: o.verbose,
		// Access tokens outlive any run, so that the load never
		// measures refreshes; tokens are still refreshed before a route
		// if they would expire during it (see world.refresh).
		Env: []string{"JWT_ACCESS_TTL=24h"},
	})
	if err != nil {
		return err
	}
	defer srv.Stop()
	fmt.Printf("server %s on %s; GOMAXPROCS of each process: %d\n", srv.Base, db.label, benchkit.NumCPU())

	p := planFor(o.scale)
	c := benchkit.NewClient(srv.Base, o.seedWorkers)
	start := time.Now()
	w, err := seed(ctx, c, srv.Log, media, p, o.seedWorkers)
	if err != nil {
		return fmt.Errorf("seeding: %w; server log: %v", err, srv.Log.Notes())
	}
	seeding := time.Since(start)
	fmt.Printf("seeded %s in %v\n", p, seeding.Round(10*time.Millisecond))

	rep := report{
		store: db.label, scale: o.scale, concurrency: o.concurrency, duration: o.duration, bareDuration: o.bareDuration, turns: o.turns,
		cpus: benchkit.NumCPU(), seeding: seeding, plan: p, dbApart: db.backendCPU != nil,
	}
	rep.results, err = measureAll(ctx, o, srv, db, c, w, tmp, routes)
	rep.serverNotes, rep.serverSamples = srv.Log.Notes(), srv.Log.Samples()
	if len(rep.results) > 0 {
		fmt.Println()
		rep.print(os.Stdout)
		if o.jsonPath != "" {
			if jerr := rep.writeJSON(o.jsonPath); jerr != nil {
				return errors.Join(err, jerr)
			}
		}
	}
	return err
}
