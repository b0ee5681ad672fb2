package sqlstore

import (
	"context"
	"crypto/rand"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// backend is one database the suites run against.
type backend struct {
	name string
	// require skips (or, under CI, fails) when the database is unavailable.
	require func(t *testing.T)
	// open returns a migrated, empty database of its own.
	open func(t *testing.T) *DB
}

func backends() []backend {
	return []backend{
		{name: DialectSQLite, require: func(*testing.T) {}, open: testSQLite},
		{name: DialectPostgres, require: func(t *testing.T) { t.Helper(); postgresURL(t) }, open: testPostgres},
	}
}

// forEachBackend runs f as one subtest per available database.
func forEachBackend(t *testing.T, f func(t *testing.T, d backend)) {
	for _, d := range backends() {
		t.Run(d.name, func(t *testing.T) {
			d.require(t)
			f(t, d)
		})
	}
}

// testSQLite opens a fresh database file in a temporary directory.
func testSQLite(t *testing.T) *DB {
	t.Helper()
	return openMigrated(t, "sqlite:"+filepath.Join(t.TempDir(), "stagecast.db"))
}

// postgresURL returns TEST_POSTGRES_URL. A missing server is a skip on a
// laptop but a failure in CI, where skipping would hide the whole backend.
func postgresURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("TEST_POSTGRES_URL")
	if u == "" {
		const msg = "TEST_POSTGRES_URL is not set; set it to run the PostgreSQL tests, " +
			"e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return u
}

// testPostgres opens a database whose search_path is a schema of its own,
// created now and dropped when the test ends, so tests and packages can
// share one server in parallel.
func testPostgres(t *testing.T) *DB {
	t.Helper()
	return openMigrated(t, postgresSchemaURL(t))
}

// postgresSchemaURL creates a fresh schema and returns TEST_POSTGRES_URL
// pointed at it.
func postgresSchemaURL(t *testing.T) string {
	t.Helper()
	base := postgresURL(t)
	admin, err := pgx.Connect(t.Context(), base)
	if err != nil {
		t.Fatalf("connect to TEST_POSTGRES_URL: %v", err)
	}
	schema := "storetest_" + strings.ToLower(rand.Text())
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := admin.Exec(t.Context(), "CREATE SCHEMA "+ident); err != nil {
		_ = admin.Close(context.Background())
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		// t.Context is already cancelled when cleanups run.
		ctx := context.Background()
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+ident+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		_ = admin.Close(ctx)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openMigrated opens databaseURL, migrates it and closes it after the test.
func openMigrated(t *testing.T, databaseURL string) *DB {
	t.Helper()
	db, err := Open(t.Context(), databaseURL)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db
}
