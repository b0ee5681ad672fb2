package v1_test

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

// forEachStore runs f as one parallel subtest per store: memory, SQLite and,
// when TEST_POSTGRES_URL is set, PostgreSQL (in a schema of its own). vars
// are the test's configuration; DATABASE_URL is set per store.
func forEachStore(t *testing.T, vars map[string]string, f func(t *testing.T, e *env)) {
	stores := map[string]func(t *testing.T) string{
		"memory":   func(*testing.T) string { return "memory:" },
		"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "stagecast.db") },
		"postgres": postgresSchemaURL,
	}
	for name, databaseURL := range stores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			with := map[string]string{"DATABASE_URL": databaseURL(t)}
			for k, v := range vars {
				with[k] = v
			}
			f(t, newEnv(t, with))
		})
	}
}

// postgresSchemaURL creates a fresh schema on TEST_POSTGRES_URL, dropped
// after the test, and returns the URL pointed at it. Without the variable
// the test is skipped, or fails under CI.
func postgresSchemaURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("TEST_POSTGRES_URL")
	if base == "" {
		const msg = "TEST_POSTGRES_URL is not set; set it to run the PostgreSQL tests"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	admin, err := pgx.Connect(t.Context(), base)
	if err != nil {
		t.Fatalf("connect to TEST_POSTGRES_URL: %v", err)
	}
	schema := "httptest_" + strings.ToLower(rand.Text())
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := admin.Exec(t.Context(), "CREATE SCHEMA "+ident); err != nil {
		_ = admin.Close(context.Background())
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
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
