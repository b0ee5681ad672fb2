// Package sqltest gives each test a database of its own for the SQL store:
// a SQLite file in a temporary directory, or a schema on the PostgreSQL
// server named by TEST_POSTGRES_URL, so that tests and packages share one
// server in parallel.
//
// PostgresURL and SQLiteURL give empty databases, for tests of migrating
// itself. A Pool gives migrated, empty ones cheaply, for everything else:
// on PostgreSQL, creating and migrating a schema costs far more than the
// tests that use it (every table and index is a catalog change and a few
// files), so a Pool migrates a schema once and lends it to one test after
// another, emptied in between.
//
// A missing PostgreSQL server skips the test on a developer's machine but
// fails it under CI=true, where a skip would hide the whole backend.
package sqltest

import (
	"context"
	"crypto/rand"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// testPoolMaxConns is the connection pool of every database handed out: a
// package runs its tests in parallel, beside other packages on the same
// server, and a full pool each (up to 25) would exhaust max_connections
// (100 by default). It still lets the racing tests of the contract suites
// race.
const testPoolMaxConns = 8

// Stores names the SQL stores, for tests that run once per store.
var Stores = []string{"sqlite", "postgres"}

// SQLiteURL returns the DATABASE_URL of a new, empty SQLite file.
func SQLiteURL(t testing.TB) string {
	t.Helper()
	return "sqlite:" + filepath.Join(t.TempDir(), "stagecast.db")
}

// PostgresServer returns TEST_POSTGRES_URL, skipping or failing the test
// when it is not set.
func PostgresServer(t testing.TB) string {
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

// PostgresURL creates an empty schema on the test server, dropped when the
// test ends, and returns TEST_POSTGRES_URL with its search_path pointed at
// it.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := PostgresServer(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to TEST_POSTGRES_URL: %v", err)
	}
	schema := newSchemaName()
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		_ = admin.Close(ctx)
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+ident+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		_ = admin.Close(ctx)
	})
	u, err := schemaURL(base, schema)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// newSchemaName returns a name no other test, package or run uses.
func newSchemaName() string {
	return "sqltest_" + strings.ToLower(rand.Text())
}

// schemaURL points the server's URL at a schema, with the small pool of
// test databases.
func schemaURL(base, schema string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", errors.New("sqltest: TEST_POSTGRES_URL is not a URL")
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("pool_max_conns", strconv.Itoa(testPoolMaxConns))
	u.RawQuery = q.Encode()
	return u.String(), nil
}
