package v1_test

import (
	"testing"

	"github.com/stagecast/stagecast/adapters/sqlstore/sqltest"
)

// forEachStore runs f as one parallel subtest per store: memory, SQLite and
// PostgreSQL (in a schema of its own; skipped without TEST_POSTGRES_URL,
// failed under CI). vars are the test's configuration; DATABASE_URL is set
// per store.
func forEachStore(t *testing.T, vars map[string]string, f func(t *testing.T, e *env)) {
	for _, store := range append([]string{"memory"}, sqltest.Stores...) {
		t.Run(store, func(t *testing.T) {
			t.Parallel()
			with := map[string]string{"DATABASE_URL": sqltest.URL(t, store)}
			for k, v := range vars {
				with[k] = v
			}
			f(t, newEnv(t, with))
		})
	}
}
