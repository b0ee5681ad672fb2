package v1_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/adapters/sqlstore"
	"github.com/stagecast/stagecast/adapters/sqlstore/sqltest"
)

// The package's tests run once per store of -stores, memory (the quickest)
// first, then SQLite, so that every HTTP behaviour is also seen through a
// SQL store; newEnv opens the store of the pass unless a test names its
// own. -stores=postgres runs them all on PostgreSQL. The passes after the
// first run in -short mode: the tests it leaves out stream 100 MB through
// the multipart reader and the storage adapters, where no store takes part,
// and take longer than all the others together under the race detector.
var storesFlag = flag.String("stores", "memory,sqlite", "comma-separated stores to run the tests on, one pass each: memory, sqlite, postgres")

// pass is the store of the pass running, and firstPass whether it is the
// first: tests that run on every store themselves run in that one only.
var (
	pass      string
	firstPass bool
)

// databases lends the tests migrated SQL databases (see sqltest.Pool).
var databases = sqltest.NewPool(func(ctx context.Context, databaseURL string) error {
	db, err := sqlstore.Open(ctx, databaseURL)
	if err != nil {
		return err
	}
	return errors.Join(db.Migrate(ctx), db.Close())
})

// TestMain runs the passes, and drops the PostgreSQL schemas at the end.
func TestMain(m *testing.M) {
	flag.Parse()
	stores := strings.Split(*storesFlag, ",")
	for _, s := range stores {
		if !slices.Contains(append([]string{"memory"}, sqltest.Stores...), s) {
			fmt.Fprintf(os.Stderr, "-stores: unknown store %q\n", s)
			os.Exit(2)
		}
	}
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		// The fuzzer runs once, on the memory store.
		stores = stores[:1]
	}
	os.Exit(databases.Run(func() int {
		code := 0
		for i, s := range stores {
			pass, firstPass = s, i == 0
			if i == 1 {
				if err := flag.Set("test.short", "true"); err != nil {
					fmt.Fprintln(os.Stderr, err)
					return 2
				}
			}
			if len(stores) > 1 {
				// Tells which pass the failures below belong to.
				fmt.Printf("stores: the tests on %s\n", s)
			}
			if c := m.Run(); c != 0 {
				code = c
			}
		}
		return code
	}))
}

// forEachStore runs f as one parallel subtest per store: memory, SQLite and
// PostgreSQL (in a schema of its own; skipped without TEST_POSTGRES_URL,
// failed under CI), in the first pass only. vars are the test's
// configuration; DATABASE_URL is set per store.
func forEachStore(t *testing.T, vars map[string]string, f func(t *testing.T, e *env)) {
	if !firstPass {
		t.Skip("runs on every store in the first pass")
	}
	for _, store := range append([]string{"memory"}, sqltest.Stores...) {
		t.Run(store, func(t *testing.T) {
			t.Parallel()
			with := map[string]string{"DATABASE_URL": databases.URL(t, store)}
			for k, v := range vars {
				with[k] = v
			}
			f(t, newEnv(t, with))
		})
	}
}
