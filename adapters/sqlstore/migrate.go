package sqlstore

import (
	"context"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/uptrace/bun/migrate"
)

// migrationFiles holds the schema, one directory per dialect, because the
// two databases differ in types (see the package comment on times).
//
//go:embed migrations
var migrationFiles embed.FS

// Migrate applies the migrations not applied yet; when all are, it changes
// nothing. On PostgreSQL it holds an advisory lock while it runs, so that
// instances starting together migrate one after the other, and the later
// ones find nothing left to do. On SQLite it assumes one process.
func (d *DB) Migrate(ctx context.Context) error {
	d.migrateMu.Lock()
	defer d.migrateMu.Unlock()
	if d.dialect == DialectPostgres {
		unlock, err := d.advisoryLock(ctx)
		if err != nil {
			return err
		}
		defer unlock()
	}
	m, err := d.migrator()
	if err != nil {
		return err
	}
	if err := m.Init(ctx); err != nil {
		return fmt.Errorf("sqlstore: create the migrations table: %w", err)
	}
	if _, err := m.Migrate(ctx); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	return d.backfillUserSearch(ctx)
}

// migrator reads the embedded migrations of the database's dialect.
func (d *DB) migrator() (*migrate.Migrator, error) {
	sub, err := fs.Sub(migrationFiles, "migrations/"+d.dialect)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations for %s: %w", d.dialect, err)
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(sub); err != nil {
		return nil, fmt.Errorf("sqlstore: read migrations: %w", err)
	}
	// Marking a migration applied only once it succeeded lets a failed one
	// run again after a fix, instead of being skipped.
	return migrate.NewMigrator(d.bun, ms, migrate.WithMarkAppliedOnSuccess(true)), nil
}

// advisoryLock takes a session-level PostgreSQL advisory lock on a
// connection of its own and returns how to release it. The key includes the
// schema, so databases sharing a server but not a schema do not wait for
// each other. If the process dies, the server releases the lock with the
// connection.
func (d *DB) advisoryLock(ctx context.Context) (unlock func(), err error) {
	conn, err := d.bun.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migration lock: %w", err)
	}
	const key = "hashtextextended('stagecast.migrate.' || coalesce(current_schema(), ''), 0)"
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock("+key+")"); err != nil {
		return nil, errors.Join(fmt.Errorf("sqlstore: migration lock: %w", err), conn.Close())
	}
	return func() {
		// Unlock even when ctx is done: closing the connection alone would
		// return it to the pool still holding the lock.
		_, err := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock("+key+")")
		if err != nil {
			// A connection that cannot unlock must not go back to the pool.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		_ = conn.Close()
	}, nil
}
