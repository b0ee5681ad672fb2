package sqlstore

import (
	"testing"

	"github.com/stagecast/stagecast/adapters/sqlstore/sqltest"
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
	return openMigrated(t, sqltest.SQLiteURL(t))
}

// postgresURL returns TEST_POSTGRES_URL, skipping or failing without it.
func postgresURL(t *testing.T) string {
	t.Helper()
	return sqltest.PostgresServer(t)
}

// testPostgres opens a database in a schema of its own.
func testPostgres(t *testing.T) *DB {
	t.Helper()
	return openMigrated(t, postgresSchemaURL(t))
}

// postgresSchemaURL creates a fresh schema and returns TEST_POSTGRES_URL
// pointed at it.
func postgresSchemaURL(t *testing.T) string {
	t.Helper()
	return sqltest.PostgresURL(t)
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
