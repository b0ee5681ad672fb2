package sqlstore

import (
	"context"

	"github.com/uptrace/bun"
)

// OnQuery makes the store call f with every statement it runs, once it
// ran, and the context it ran in. Tests count statements with it, to prove
// that a page of a list costs the same whatever its length. Call it before
// the store serves: the repositories are rebound to a database handle with
// the hook, and the prepared statements' observer is set, neither guarded
// against running statements.
func (d *DB) OnQuery(f func(ctx context.Context, query string)) {
	d.stmts.observe = f
	d.bind(d.bun.WithQueryHook(queryObserver(f)))
}

// queryObserver is a bun query hook that reports each statement.
type queryObserver func(ctx context.Context, query string)

// BeforeQuery does nothing: a statement is reported once it ran.
func (o queryObserver) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}

// AfterQuery reports the statement.
func (o queryObserver) AfterQuery(ctx context.Context, e *bun.QueryEvent) { o(ctx, e.Query) }
