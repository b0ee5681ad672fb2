package sqltest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
)

// Migrate brings the empty database at databaseURL to the current schema
// and closes it (a SQLite file is copied whole only once closed).
type Migrate func(ctx context.Context, databaseURL string) error

// maxFree bounds the schemas a Pool keeps between tests; it needs about as
// many as tests run at once.
const maxFree = 32

// Pool hands out migrated, empty databases, one per test:
//
//   - SQLite: the first call migrates a template file and keeps its bytes;
//     every test gets a copy in a file of its own.
//   - PostgreSQL: a schema is migrated once, then lent to one test after
//     another. When a test ends, the pool compares the schema with what
//     migrating left (the catalog, and the rows of tables migrating filled,
//     such as bun_migrations): if it still matches, the pool deletes the
//     rows the test wrote and winds the sequences back; if the test changed
//     it, by rolling a migration back for instance, the schema is dropped.
//
// A Pool lives as long as the package's tests: call Run from TestMain, so
// that its schemas are dropped at the end. It is safe for concurrent use.
type Pool struct {
	migrate Migrate

	sqliteOnce sync.Once
	sqlite     []byte
	sqliteErr  error

	mu     sync.Mutex
	admin  *sql.DB // on TEST_POSTGRES_URL; opened by the first Postgres call
	free   []*schema
	lent   int
	closed bool
}

// NewPool returns a pool that prepares databases with migrate.
func NewPool(migrate Migrate) *Pool {
	return &Pool{migrate: migrate}
}

// Run calls run, which runs the package's tests (m.Run, or a TestMain's
// own loop of passes), then closes the pool; it returns the exit code for
// os.Exit:
//
//	func TestMain(m *testing.M) { os.Exit(databases.Run(m.Run)) }
func (p *Pool) Run(run func() int) int {
	code := run()
	if err := p.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// Close drops the schemas the pool keeps. The pool hands out no more
// PostgreSQL databases, and drops those given back later.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	var errs []error
	for _, s := range p.free {
		errs = append(errs, s.drop(context.Background(), p.admin))
	}
	p.free = nil
	if p.lent > 0 {
		// Their tests have not ended: they will drop them.
		errs = append(errs, fmt.Errorf("sqltest: pool closed with %d schemas still lent", p.lent))
	} else if p.admin != nil {
		errs = append(errs, p.admin.Close())
	}
	return errors.Join(errs...)
}

// URL returns a migrated, empty database of the named store ("sqlite" or
// "postgres"), or "memory:" for any other name.
func (p *Pool) URL(t testing.TB, store string) string {
	t.Helper()
	switch store {
	case "sqlite":
		return p.SQLite(t)
	case "postgres":
		return p.Postgres(t)
	}
	return "memory:"
}
