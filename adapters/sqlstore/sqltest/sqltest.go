// Package sqltest gives each test a database of its own for the SQL store:
// a SQLite file in a temporary directory, or a fresh schema on the
// PostgreSQL server named by TEST_POSTGRES_URL, dropped when the test ends,
// so that tests and packages share one server in parallel.
//
// A missing PostgreSQL server skips the test on a developer's machine but
// fails it under CI=true, where a skip would hide the whole backend.
package sqltest

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

// SQLiteURL returns the DATABASE_URL of a new SQLite file.
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

// PostgresURL creates a fresh schema on the test server and returns
// TEST_POSTGRES_URL with its search_path pointed at it.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := PostgresServer(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to TEST_POSTGRES_URL: %v", err)
	}
	schema := "storetest_" + strings.ToLower(rand.Text())
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
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Stores names the SQL stores, for tests that run once per store.
var Stores = []string{"sqlite", "postgres"}

// URL returns a fresh database of the named store ("sqlite" or
// "postgres"), or "memory:" for any other name.
func URL(t testing.TB, store string) string {
	t.Helper()
	switch store {
	case "sqlite":
		return SQLiteURL(t)
	case "postgres":
		return PostgresURL(t)
	}
	return "memory:"
}
