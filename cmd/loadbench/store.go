package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/stagecast/stagecast/cmd/internal/benchkit"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// store is the server's fresh store for the run.
type store struct {
	// url is the server's DATABASE_URL.
	url string
	// label names the store in the report, without credentials.
	label string
	// close removes what the run created outside its temporary
	// directory: the PostgreSQL database.
	close func() error
	// backendCPU, when set, is the CPU time the database server's
	// processes serving the run's database have used so far: with
	// PostgreSQL much of a request's cost is spent there, out of the
	// server's process.
	backendCPU func(context.Context) time.Duration
	// settle, when set, brings the database to the state it keeps in
	// steady use before a route is measured (see vacuum and checkpoint).
	settle func(context.Context) error
}

// openStore makes the store the options ask for: a SQLite file in tmp,
// or a database of its own on the PostgreSQL server.
func openStore(ctx context.Context, o options, tmp string) (store, error) {
	if o.store == storeSQLite {
		file := filepath.Join(tmp, "stagecast.db")
		return store{
			url:    "sqlite:" + file,
			label:  "SQLite",
			close:  func() error { return nil },
			settle: func(ctx context.Context) error { return checkpoint(ctx, file) },
		}, nil
	}
	name := "loadbench_" + randomHex(6)
	dbURL, err := withDatabase(o.postgresURL, name)
	if err != nil {
		return store{}, err
	}
	// This connection stays open for the run, to find the processes
	// that serve the run's database; it is to another database, so that
	// its own process is not counted.
	admin, err := pgx.Connect(ctx, o.postgresURL)
	if err != nil {
		return store{}, fmt.Errorf("connecting to -postgres-url: %w", err)
	}
	var version string
	_ = admin.QueryRow(ctx, "SHOW server_version").Scan(&version)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		admin.Close(context.WithoutCancel(ctx))
		return store{}, fmt.Errorf("creating the database %s: %w", name, err)
	}
	return store{
		url:   dbURL,
		label: fmt.Sprintf("PostgreSQL %s (database %s, dropped after the run)", version, name),
		close: func() error {
			admin.Close(context.Background())
			return dropDatabase(o.postgresURL, name)
		},
		backendCPU: func(ctx context.Context) time.Duration { return backendCPU(ctx, admin, name) },
		settle:     func(ctx context.Context) error { return vacuum(ctx, dbURL) },
	}, nil
}

// checkpoint copies the SQLite file's write-ahead log into the database
// and empties it, as the server's own checkpoints do in steady use
// whenever no read holds the log: under a bench's unbroken load some read
// always does, so the log that a write route leaves keeps growing, and
// every later read searches it for each page it reads. Between routes the
// server is idle, and the checkpoint completes.
func checkpoint(ctx context.Context, file string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(2000)")
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	defer db.Close()
	var busy, frames, copied int
	if err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return fmt.Errorf("checkpoint: the log is in use (%d of %d frames copied)", copied, frames)
	}
	return nil
}

// vacuum runs VACUUM (ANALYZE) on the run's database, as pgbench does
// before its runs. Seeding, and the write routes, leave a burst of new
// and dead row versions that autovacuum takes up within a minute or so in
// steady use: measured before it does, a read would walk dead versions
// and plan on the statistics of empty tables, and its figure would depend
// on when autovacuum happened to run. The statistics it refreshes make
// PostgreSQL plan the server's prepared statements again.
func vacuum(ctx context.Context, dbURL string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "VACUUM (ANALYZE)"); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	return nil
}

// backendCPU sums the CPU time of the PostgreSQL processes connected to
// the database, from /proc; 0 when PostgreSQL runs out of this machine's
// sight. A backend that ends between two readings takes its time with
// it; the server keeps its connections, so that is rare.
func backendCPU(ctx context.Context, admin *pgx.Conn, database string) time.Duration {
	rows, err := admin.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = $1", database)
	if err != nil {
		return 0
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return 0
	}
	var sum time.Duration
	for _, pid := range pids {
		sum += benchkit.PidCPUTime(int(pid))
	}
	return sum
}

// dropDatabase drops the run's database, closing the connections left to
// it. It runs after the server stopped, also when the run was
// interrupted, so it has a context of its own.
func dropDatabase(adminURL, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("dropping the database %s: %w", name, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("dropping the database %s: %w", name, err)
	}
	return nil
}

// withDatabase is a postgres:// URL with its database replaced by name;
// the user, host and parameters stay.
func withDatabase(raw, name string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return "", fmt.Errorf("-postgres-url must be a postgres:// URL, got %q", redact(raw))
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

// redact hides the password of a URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return strings.Repeat("*", min(len(raw), 8))
	}
	return u.Redacted()
}

// randomHex is n random bytes in hex, to name the run's database.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
