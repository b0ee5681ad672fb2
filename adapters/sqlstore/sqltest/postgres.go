package sqltest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// adminMaxConns is the pool that creates, checks, empties and drops the
// schemas of a Pool.
const adminMaxConns = 4

// Postgres returns the DATABASE_URL of a migrated, empty schema on the test
// server, lent to the test until it ends.
func (p *Pool) Postgres(t testing.TB) string {
	t.Helper()
	base := PostgresServer(t)
	s, err := p.take(t.Context(), base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// The test's context is done by now.
		if err := p.give(context.Background(), s); err != nil {
			t.Error(err)
		}
	})
	return s.url
}

// take lends a kept schema, or a new one when none is free.
func (p *Pool) take(ctx context.Context, base string) (*schema, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, errors.New("sqltest: the pool is closed")
	}
	if p.admin == nil {
		admin, err := openAdmin(base)
		if err != nil {
			p.mu.Unlock()
			return nil, err
		}
		p.admin = admin
	}
	p.lent++
	admin := p.admin
	if n := len(p.free); n > 0 {
		s := p.free[n-1]
		p.free = p.free[:n-1]
		p.mu.Unlock()
		return s, nil
	}
	p.mu.Unlock()
	s, err := newSchema(ctx, admin, base, p.migrate)
	if err != nil {
		p.returned()
		return nil, err
	}
	return s, nil
}

// give takes a schema back when its test ends: kept, emptied, if it is
// still what migrating made; dropped otherwise.
func (p *Pool) give(ctx context.Context, s *schema) error {
	defer p.returned()
	p.mu.Lock()
	closed, admin := p.closed, p.admin
	p.mu.Unlock()
	if closed || s.reset == "" {
		return s.drop(ctx, admin)
	}
	var digest string
	if err := admin.QueryRowContext(ctx, s.check).Scan(&digest); err != nil {
		return errors.Join(fmt.Errorf("sqltest: check schema %s: %w", s.name, err), s.drop(ctx, admin))
	}
	if digest != s.baseline {
		// The test changed the schema, which it may do; no other test
		// gets it.
		return s.drop(ctx, admin)
	}
	if _, err := admin.ExecContext(ctx, s.reset); err != nil {
		return errors.Join(fmt.Errorf("sqltest: empty schema %s: %w", s.name, err), s.drop(ctx, admin))
	}
	p.mu.Lock()
	keep := !p.closed && len(p.free) < maxFree
	if keep {
		p.free = append(p.free, s)
	}
	p.mu.Unlock()
	if !keep {
		return s.drop(ctx, admin)
	}
	return nil
}

// returned counts a lent schema back, and closes the admin pool if the
// pool closed while it was out.
func (p *Pool) returned() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lent--
	if p.closed && p.lent == 0 && p.admin != nil {
		_ = p.admin.Close()
	}
}

// openAdmin opens the pool's own connections to the server. A test that
// leaves a transaction open would block emptying or dropping its schema:
// lock_timeout turns that into an error that names the schema.
func openAdmin(base string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		return nil, fmt.Errorf("sqltest: TEST_POSTGRES_URL: %w", err)
	}
	cfg.RuntimeParams["lock_timeout"] = "10s"
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(adminMaxConns)
	db.SetMaxIdleConns(adminMaxConns)
	return db, nil
}

// schema is a migrated schema of a Pool.
type schema struct {
	name string
	url  string
	// check returns a digest of what a test must leave as migrating made
	// it, and baseline is its value right after migrating.
	check, baseline string
	// reset deletes every row of the tables migrating left empty and winds
	// every sequence back; it is empty when the schema cannot be reset.
	reset string
}

func (s *schema) ident() string { return pgx.Identifier{s.name}.Sanitize() }

// newSchema creates and migrates a schema.
func newSchema(ctx context.Context, admin *sql.DB, base string, migrate Migrate) (*schema, error) {
	s := &schema{name: newSchemaName()}
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+s.ident()); err != nil {
		return nil, fmt.Errorf("sqltest: create schema: %w", err)
	}
	if err := s.prepare(ctx, admin, base, migrate); err != nil {
		return nil, errors.Join(err, s.drop(context.WithoutCancel(ctx), admin))
	}
	return s, nil
}

// prepare migrates the schema and plans how to check and reset it.
func (s *schema) prepare(ctx context.Context, admin *sql.DB, base string, migrate Migrate) error {
	var err error
	if s.url, err = schemaURL(base, s.name); err != nil {
		return err
	}
	if err := migrate(ctx, s.url); err != nil {
		return fmt.Errorf("sqltest: migrate schema %s: %w", s.name, err)
	}
	if err := s.plan(ctx, admin); err != nil {
		return fmt.Errorf("sqltest: read schema %s: %w", s.name, err)
	}
	if err := admin.QueryRowContext(ctx, s.check).Scan(&s.baseline); err != nil {
		return fmt.Errorf("sqltest: check schema %s: %w", s.name, err)
	}
	return nil
}

// plan writes the check and reset statements. Tables migrating filled
// (bun_migrations, seed data) are kept and their rows are part of the
// check; the others are emptied in one statement, whose foreign keys are
// checked once every table is empty, so their order does not matter.
func (s *schema) plan(ctx context.Context, admin *sql.DB) error {
	rows, err := admin.QueryContext(ctx, `
		SELECT c.relname, c.relkind FROM pg_class c
		  JOIN pg_namespace n ON n.oid = c.relnamespace
		 WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm', 'S')
		 ORDER BY c.relname`, s.name)
	if err != nil {
		return err
	}
	type relation struct{ name, kind string }
	var rels []relation
	for rows.Next() {
		var r relation
		if err := rows.Scan(&r.name, &r.kind); err != nil {
			return errors.Join(err, rows.Close())
		}
		rels = append(rels, r)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}

	check := []string{"(" + catalogDigest(s.name) + ")"}
	var deletes, setvals []string
	resettable := true
	for _, r := range rels {
		ident := pgx.Identifier{s.name, r.name}.Sanitize()
		switch r.kind {
		case "m":
			// A materialized view would keep rows of the tables emptied.
			resettable = false
		case "S":
			var last int64
			var called bool
			if err := admin.QueryRowContext(ctx, "SELECT last_value, is_called FROM "+ident).Scan(&last, &called); err != nil {
				return err
			}
			setvals = append(setvals, fmt.Sprintf("setval(%s, %d, %t)", literal(ident), last, called))
		default:
			var filled bool
			if err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT FROM "+ident+")").Scan(&filled); err != nil {
				return err
			}
			if filled {
				check = append(check, "(SELECT coalesce(md5(string_agg(r::text, E'\\n' ORDER BY r::text)), '') FROM "+ident+" r)")
			} else {
				deletes = append(deletes, fmt.Sprintf("d%d AS (DELETE FROM %s)", len(deletes), ident))
			}
		}
	}
	s.check = "SELECT " + strings.Join(check, " || ")
	if !resettable {
		return nil
	}
	if len(setvals) == 0 {
		setvals = []string{"1"}
	}
	s.reset = "SELECT " + strings.Join(setvals, ", ")
	if len(deletes) > 0 {
		s.reset = "WITH " + strings.Join(deletes, ", ") + " " + s.reset
	}
	return nil
}

func (s *schema) drop(ctx context.Context, admin *sql.DB) error {
	if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+s.ident()+" CASCADE"); err != nil {
		return fmt.Errorf("sqltest: drop schema %s: %w", s.name, err)
	}
	return nil
}

// literal quotes s as an SQL string.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// catalogDigest returns a query for a digest of a schema's definitions:
// relations, columns with their types, defaults and collations,
// constraints, indexes, triggers, views, functions and types. Dropped
// columns are left out, as no statement can see them. The catalogs are
// read by relation oid, through their indexes, as churning schemas leaves
// them large.
func catalogDigest(schema string) string {
	return `WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = ` + literal(schema) + `),
rels AS (SELECT array_agg(oid) AS oids FROM pg_class WHERE relnamespace = (SELECT oid FROM ns))
SELECT md5(coalesce(string_agg(line, E'\n' ORDER BY line), '')) FROM (
	SELECT format('relation %s %s %s', c.relname, c.relkind, c.relpersistence) AS line
	  FROM pg_class c WHERE c.oid = ANY ((SELECT oids FROM rels)::oid[])
	UNION ALL
	SELECT format('column %s.%s %s %s %s %s %s %s', c.relname, a.attname,
	       format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated,
	       co.collname, pg_get_expr(d.adbin, d.adrelid))
	  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
	  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	  LEFT JOIN pg_collation co ON co.oid = a.attcollation
	 WHERE a.attrelid = ANY ((SELECT oids FROM rels)::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
	UNION ALL
	SELECT format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
	  FROM pg_constraint WHERE conrelid = ANY ((SELECT oids FROM rels)::oid[])
	UNION ALL
	SELECT 'index ' || pg_get_indexdef(indexrelid)
	  FROM pg_index WHERE indexrelid = ANY ((SELECT oids FROM rels)::oid[])
	UNION ALL
	SELECT 'trigger ' || pg_get_triggerdef(oid)
	  FROM pg_trigger WHERE tgrelid = ANY ((SELECT oids FROM rels)::oid[]) AND NOT tgisinternal
	UNION ALL
	SELECT format('view %s %s', c.relname, pg_get_viewdef(c.oid))
	  FROM pg_class c WHERE c.oid = ANY ((SELECT oids FROM rels)::oid[]) AND c.relkind IN ('v', 'm')
	UNION ALL
	SELECT format('function %s %s', p.oid::regprocedure, md5(p.prosrc))
	  FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM ns)
	UNION ALL
	SELECT format('type %s %s', t.typname, t.typtype)
	  FROM pg_type t WHERE t.typnamespace = (SELECT oid FROM ns)
	UNION ALL
	SELECT format('enum %s %s %s', t.typname, e.enumsortorder, e.enumlabel)
	  FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
	 WHERE t.typnamespace = (SELECT oid FROM ns)
) lines`
}
