package sqltest

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// pgSchema is a small schema with what a Pool must keep or undo: foreign
// keys with and without cascades, a check, a partial index, a sequence, and
// a table of seed rows that migrating fills.
const pgSchema = `
CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL CHECK (name <> ''));
CREATE TABLE notes (
	id      serial PRIMARY KEY,
	account int NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	body    text NOT NULL DEFAULT 'empty'
);
CREATE TABLE grants (account int NOT NULL REFERENCES accounts (id), what text NOT NULL);
CREATE INDEX notes_account_idx ON notes (account) WHERE body <> '';
CREATE TABLE kinds (name text PRIMARY KEY);
INSERT INTO kinds VALUES ('a'), ('b');`

// connectPostgres opens one connection to a URL of the pool, which names
// its pool size for sqlstore.Open; the server knows no such setting.
func connectPostgres(ctx context.Context, databaseURL string) (*pgx.Conn, error) {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Del("pool_max_conns")
	u.RawQuery = q.Encode()
	return pgx.Connect(ctx, u.String())
}

// newPostgresPool returns a pool on pgSchema that counts its migrations,
// closed when the test ends.
func newPostgresPool(t *testing.T) (*Pool, *atomic.Int32) {
	t.Helper()
	PostgresServer(t)
	var migrations atomic.Int32
	p := NewPool(func(ctx context.Context, databaseURL string) error {
		migrations.Add(1)
		conn, err := connectPostgres(ctx, databaseURL)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, pgSchema)
		return err
	})
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Error(err)
		}
	})
	return p, &migrations
}

// lend runs f in a subtest with a connection to a schema of the pool, and
// returns the schema's name once the subtest has given it back.
func lend(t *testing.T, name string, p *Pool, f func(t *testing.T, conn *pgx.Conn)) string {
	t.Helper()
	var schema string
	t.Run(name, func(t *testing.T) {
		conn, err := connectPostgres(t.Context(), p.Postgres(t))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if err := conn.QueryRow(t.Context(), "SELECT current_schema()").Scan(&schema); err != nil {
			t.Fatal(err)
		}
		f(t, conn)
	})
	return schema
}

func exec(t *testing.T, conn *pgx.Conn, sql string) {
	t.Helper()
	if _, err := conn.Exec(t.Context(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func count(t *testing.T, conn *pgx.Conn, query string) int {
	t.Helper()
	var n int
	if err := conn.QueryRow(t.Context(), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// schemaExists says whether the server still has the schema.
func schemaExists(t *testing.T, name string) bool {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), PostgresServer(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	return count(t, conn, "SELECT count(*) FROM pg_namespace WHERE nspname = '"+name+"'") == 1
}

// The next test gets the same schema, migrated once, with the rows the
// last one wrote gone, the seed rows kept and the sequences wound back.
func TestPoolLendsSchemasEmptied(t *testing.T) {
	t.Parallel()
	p, migrations := newPostgresPool(t)
	first := lend(t, "First", p, func(t *testing.T, conn *pgx.Conn) {
		exec(t, conn, `INSERT INTO accounts (name) VALUES ('x'), ('y');
			INSERT INTO notes (account) VALUES (1), (2);
			INSERT INTO grants VALUES (1, 'read')`)
	})
	second := lend(t, "Second", p, func(t *testing.T, conn *pgx.Conn) {
		for _, table := range []string{"accounts", "notes", "grants"} {
			if n := count(t, conn, "SELECT count(*) FROM "+table); n != 0 {
				t.Errorf("%s: %d rows left by the last test", table, n)
			}
		}
		if n := count(t, conn, "SELECT count(*) FROM kinds"); n != 2 {
			t.Errorf("kinds: %d rows, want the 2 migrating wrote", n)
		}
		if id := count(t, conn, "INSERT INTO accounts (name) VALUES ('z') RETURNING id"); id != 1 {
			t.Errorf("first account id %d, want 1", id)
		}
	})
	if first != second || migrations.Load() != 1 {
		t.Fatalf("schemas %s then %s after %d migrations, want one schema migrated once", first, second, migrations.Load())
	}
}

// A test may change its schema; the pool then drops it rather than lend
// it again, and the next test gets a new one.
func TestPoolDropsChangedSchemas(t *testing.T) {
	t.Parallel()
	p, migrations := newPostgresPool(t)
	changes := map[string]string{
		"DropIndex":      "DROP INDEX notes_account_idx",
		"ChangeIndex":    "DROP INDEX notes_account_idx; CREATE INDEX notes_account_idx ON notes (account)",
		"AddColumn":      "ALTER TABLE notes ADD COLUMN extra int",
		"DropColumn":     "ALTER TABLE notes DROP COLUMN body",
		"ChangeDefault":  "ALTER TABLE notes ALTER COLUMN body SET DEFAULT ''",
		"ChangeType":     "ALTER TABLE grants ALTER COLUMN what TYPE varchar(10)",
		"DropConstraint": "ALTER TABLE grants DROP CONSTRAINT grants_account_fkey",
		"AddCheck":       "ALTER TABLE grants ADD CHECK (what <> '')",
		"AddTable":       "CREATE TABLE extra (id int)",
		"AddFunction":    "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1'",
		"ChangeSeed":     "UPDATE kinds SET name = 'c' WHERE name = 'b'",
		"AddSeed":        "INSERT INTO kinds VALUES ('c')",
		"DeleteSeed":     "DELETE FROM kinds",
	}
	t.Run("Changes", func(t *testing.T) {
		for name, change := range changes {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				schema := lend(t, "Lent", p, func(t *testing.T, conn *pgx.Conn) { exec(t, conn, change) })
				if schemaExists(t, schema) {
					t.Errorf("schema %s kept after %q", schema, change)
				}
			})
		}
	})
	if n := migrations.Load(); int(n) != len(changes) {
		t.Fatalf("%d schemas migrated for %d tests that changed theirs", n, len(changes))
	}
}

// Closing drops the schemas kept.
func TestPoolCloseDropsSchemas(t *testing.T) {
	t.Parallel()
	p, _ := newPostgresPool(t)
	kept := lend(t, "Lent", p, func(*testing.T, *pgx.Conn) {})
	if !schemaExists(t, kept) {
		t.Fatalf("schema %s not kept between tests", kept)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if schemaExists(t, kept) {
		t.Fatalf("schema %s left after Close", kept)
	}
}

// migrateSQLite writes a one-table schema in WAL mode, as sqlstore does,
// and closes the database unless keepOpen is set.
func migrateSQLite(t *testing.T, keepOpen bool) Migrate {
	return func(ctx context.Context, databaseURL string) error {
		db, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(databaseURL, "sqlite:")+"?_pragma=journal_mode(WAL)")
		if err != nil {
			return err
		}
		if keepOpen {
			t.Cleanup(func() { _ = db.Close() })
		} else {
			defer db.Close()
		}
		_, err = db.ExecContext(ctx, "CREATE TABLE items (id integer PRIMARY KEY)")
		return err
	}
}

// Every test gets its own copy of one migrated file.
func TestPoolSQLiteCopies(t *testing.T) {
	t.Parallel()
	var migrations atomic.Int32
	p := NewPool(func(ctx context.Context, databaseURL string) error {
		migrations.Add(1)
		return migrateSQLite(t, false)(ctx, databaseURL)
	})
	a, b := p.SQLite(t), p.SQLite(t)
	if a == b || migrations.Load() != 1 {
		t.Fatalf("%s and %s after %d migrations, want two files migrated once", a, b, migrations.Load())
	}
	dbA, err := sql.Open("sqlite", strings.TrimPrefix(a, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	defer dbA.Close()
	if _, err := dbA.ExecContext(t.Context(), "INSERT INTO items VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	dbB, err := sql.Open("sqlite", strings.TrimPrefix(b, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	defer dbB.Close()
	var n int
	if err := dbB.QueryRowContext(t.Context(), "SELECT count(*) FROM items").Scan(&n); err != nil || n != 0 {
		t.Fatalf("the other copy has %d items (%v), want 0", n, err)
	}
}

// A template still open has part of its schema in its write-ahead log,
// which a copy of the file would miss.
func TestSQLiteTemplateMustBeClosed(t *testing.T) {
	t.Parallel()
	_, err := sqliteTemplate(migrateSQLite(t, true))
	if err == nil || !strings.Contains(err.Error(), "write-ahead log") {
		t.Fatalf("template left open: %v, want the write-ahead log named", err)
	}
}
