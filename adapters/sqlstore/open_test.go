package sqlstore

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/user"
)

func TestOpenRejectsBadURLs(t *testing.T) {
	t.Parallel()
	cases := []struct{ url, want string }{
		{"mysql://root@localhost/db", `unsupported DATABASE_URL scheme "mysql"`},
		{"mongodb://localhost", `unsupported DATABASE_URL scheme "mongodb"`},
		{"./data/stagecast.db", "has no scheme"},
		{"sqlite:", "names no file"},
		{"sqlite::memory:", "DATABASE_URL=memory:"},
	}
	for _, c := range cases {
		db, err := Open(t.Context(), c.url)
		if err == nil {
			_ = db.Close()
			t.Fatalf("Open(%q) succeeded", c.url)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%q) = %q, want it to mention %q", c.url, err, c.want)
		}
	}
}

func TestOpenHidesPostgresPassword(t *testing.T) {
	t.Parallel()
	// Nothing listens on port 1, so this fails fast without a server.
	db, err := Open(t.Context(), "postgres://app:s3cret-pw@127.0.0.1:1/db?connect_timeout=2")
	if err == nil {
		_ = db.Close()
		t.Fatal("Open succeeded against a closed port")
	}
	if strings.Contains(err.Error(), "s3cret-pw") {
		t.Fatalf("the error shows the password: %v", err)
	}
}

func TestOpenSQLiteForms(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := []struct{ url, file string }{
		{"sqlite:" + filepath.Join(dir, "a", "b", "plain.db"), filepath.Join(dir, "a", "b", "plain.db")},
		{"file:" + filepath.Join(dir, "c", "file.db"), filepath.Join(dir, "c", "file.db")},
		{"sqlite://" + filepath.Join(dir, "slashes.db"), filepath.Join(dir, "slashes.db")},
		{"sqlite:" + filepath.Join(dir, "params.db") + "?_pragma=synchronous(NORMAL)", filepath.Join(dir, "params.db")},
	}
	for _, c := range cases {
		db := openMigrated(t, c.url)
		if got := db.Dialect(); got != DialectSQLite {
			t.Errorf("Open(%q).Dialect() = %q", c.url, got)
		}
		if err := db.Ping(t.Context()); err != nil {
			t.Errorf("Ping: %v", err)
		}
		if _, err := os.Stat(c.file); err != nil {
			t.Errorf("Open(%q) did not create %s: %v", c.url, c.file, err)
		}
	}
}

func TestDialectAndPing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		if db.Dialect() != b.name {
			t.Fatalf("Dialect() = %q, want %q", db.Dialect(), b.name)
		}
		if err := db.Ping(t.Context()); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	})
}

// Driver failures other than the mapped ones must reach callers as Internal
// errors whose public text says nothing about SQL.
func TestDriverErrorsAreInternal(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		if err := db.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		_, err := db.Users().ByEmail(t.Context(), "a@example.com")
		if err == nil || errs.KindOf(err) != errs.Internal {
			t.Fatalf("ByEmail on a closed DB = %v, want an Internal error", err)
		}
		if msg := errs.PublicMessage(err); msg != "Internal server error" {
			t.Fatalf("public message %q", msg)
		}
		if errs.KindOf(db.Ping(t.Context())) != errs.Internal {
			t.Fatalf("Ping on a closed DB is not an Internal error")
		}
	})
}

// Codes of an account that does not exist break the foreign key; that is a
// bug in the caller, reported as Internal rather than as a missing code.
func TestCodeOfMissingUser(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		err := db.Codes().Put(t.Context(), user.Code{UserID: "0123456789abcdef01234567", Purpose: user.PurposeVerify, Hash: "h"})
		if err == nil || errs.KindOf(err) != errs.Internal {
			t.Fatalf("Put for a missing user = %v, want an Internal error", err)
		}
	})
}

// The embedded default must build without a C toolchain.
func TestBuildsWithoutCgo(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the package; skipped in -short mode")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	cmd := exec.CommandContext(t.Context(), goTool, "build", "-o", os.DevNull, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
}

// pool_max_conns sizes the pool, lower as tests sharing one server need,
// and is not passed on to the server, which knows no such setting; without
// it the pool is sized for the cores.
func TestOpenPostgresPoolSize(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"0", "26", "x", ""} {
		// Refused before connecting: nothing listens on port 1.
		db, err := Open(t.Context(), "postgres://app@127.0.0.1:1/db?connect_timeout=2&pool_max_conns="+bad)
		if err == nil {
			_ = db.Close()
			t.Fatalf("pool_max_conns=%q accepted", bad)
		}
		if want := "pool_max_conns=" + strconv.Quote(bad); !strings.Contains(err.Error(), want) {
			t.Errorf("pool_max_conns=%q: %v, want it refused with %s", bad, err, want)
		}
	}
	u, err := url.Parse(postgresSchemaURL(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("pool_max_conns", "3")
	u.RawQuery = q.Encode()
	db, err := Open(t.Context(), u.String())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	if got := db.bun.Stats().MaxOpenConnections; got != 3 {
		t.Fatalf("pool of %d connections, want 3", got)
	}
	q.Del("pool_max_conns")
	// Encode writes a space as "+", which pgx reads as a plus sign.
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	sized, err := Open(t.Context(), u.String())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer sized.Close()
	if got, want := sized.bun.Stats().MaxOpenConnections, postgresDefaultPoolSize(runtime.GOMAXPROCS(0)); got != want {
		t.Fatalf("pool of %d connections without pool_max_conns, want %d", got, want)
	}
}

// Without pool_max_conns, PostgreSQL's pool has four connections per core
// the process may use, within postgresMinConns and postgresMaxConns.
func TestPostgresDefaultPoolSize(t *testing.T) {
	t.Parallel()
	for procs, want := range map[int]int{1: 8, 2: 8, 3: 12, 6: 24, 7: 25, 64: 25} {
		if got := postgresDefaultPoolSize(procs); got != want {
			t.Errorf("postgresDefaultPoolSize(%d) = %d, want %d", procs, got, want)
		}
	}
}

// PostgreSQL runs the prepared statements on their generic plans (see
// planCacheMode), costed for solid-state storage (costForSolidState),
// unless the URL chooses otherwise, as a parameter or in options.
func TestPostgresSessionSettings(t *testing.T) {
	base := postgresSchemaURL(t)
	sep := "&"
	if !strings.Contains(base, "?") {
		sep = "?"
	}
	for _, c := range []struct{ url, setting, want string }{
		{base, planCacheMode, "force_generic_plan"},
		{base, randomPageCost, "1.1"},
		{base + sep + "plan_cache_mode=auto", planCacheMode, "auto"},
		{base + sep + "plan_cache_mode=auto", randomPageCost, "1.1"},
		{base + sep + "options=-c%20plan_cache_mode%3Dforce_custom_plan", planCacheMode, "force_custom_plan"},
		{base + sep + "random_page_cost=2", randomPageCost, "2"},
		{base + sep + "options=-c%20random_page_cost%3D3", randomPageCost, "3"},
		{base + sep + "options=-c%20random_page_cost%3D3", planCacheMode, "force_generic_plan"},
	} {
		db := openDB(t, c.url)
		var got string
		if err := db.bun.QueryRowContext(t.Context(), "SHOW "+c.setting).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s: %s = %q, want %q", c.url, c.setting, got, c.want)
		}
	}
}

// SQLite's pool has two connections per core the process may use, within
// sqliteMinConns and sqliteMaxConns, and Open sizes it so.
func TestSQLitePoolSize(t *testing.T) {
	t.Parallel()
	for procs, want := range map[int]int{1: 4, 2: 4, 3: 6, 8: 16, 64: 16} {
		if got := sqlitePoolSize(procs); got != want {
			t.Errorf("sqlitePoolSize(%d) = %d, want %d", procs, got, want)
		}
	}
	db, err := Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "pool.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	if got, want := db.bun.Stats().MaxOpenConnections, sqlitePoolSize(runtime.GOMAXPROCS(0)); got != want {
		t.Fatalf("pool of %d connections, want %d", got, want)
	}
}
