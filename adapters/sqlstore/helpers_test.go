package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/stagecast/stagecast/adapters/sqlstore/sqltest"
)

// databases lends the tests migrated, empty databases: a copy of a migrated
// SQLite file, or a PostgreSQL schema migrated once and emptied between
// tests (see sqltest.Pool).
var databases = sqltest.NewPool(migrateURL)

// TestMain runs the tests and benchmarks, then drops the pool's PostgreSQL
// schemas and the benchmarks' seeded databases, which outlive any one
// benchmark.
func TestMain(m *testing.M) {
	os.Exit(databases.Run(func() int {
		code := m.Run()
		if err := closeBenchFixtures(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = max(code, 1)
		}
		return code
	}))
}

// migrateURL migrates the database at databaseURL and closes it.
func migrateURL(ctx context.Context, databaseURL string) error {
	db, err := Open(ctx, databaseURL)
	if err != nil {
		return err
	}
	return errors.Join(db.Migrate(ctx), db.Close())
}

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

// forEachBackend runs f as one subtest per available database. Every
// subtest has a database of its own, so they run in parallel, with each
// other and with the package's other tests.
func forEachBackend(t *testing.T, f func(t *testing.T, d backend)) {
	t.Parallel()
	for _, d := range backends() {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			d.require(t)
			f(t, d)
		})
	}
}

// testSQLite opens a migrated database in a file of its own.
func testSQLite(t *testing.T) *DB {
	t.Helper()
	return openDB(t, databases.SQLite(t))
}

// postgresURL returns TEST_POSTGRES_URL, skipping or failing without it.
func postgresURL(t *testing.T) string {
	t.Helper()
	return sqltest.PostgresServer(t)
}

// testPostgres opens a migrated database in a schema of its own.
func testPostgres(t *testing.T) *DB {
	t.Helper()
	return openDB(t, databases.Postgres(t))
}

// postgresSchemaURL creates an empty schema and returns TEST_POSTGRES_URL
// pointed at it.
func postgresSchemaURL(t *testing.T) string {
	t.Helper()
	return sqltest.PostgresURL(t)
}

// openDB opens databaseURL and closes it after the test.
func openDB(t *testing.T, databaseURL string) *DB {
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
	return db
}

// openMigrated opens databaseURL, migrates it and closes it after the test.
func openMigrated(t *testing.T, databaseURL string) *DB {
	t.Helper()
	db := openDB(t, databaseURL)
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db
}
