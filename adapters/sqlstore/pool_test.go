package sqlstore

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/adapters/sqlstore/sqltest"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/session"
	"github.com/stagecast/stagecast/domain/user"
)

// The tests get their databases from a pool (see helpers_test.go): copies
// of a migrated SQLite file, and PostgreSQL schemas migrated once and
// emptied after each test. What a test gets, first or after another test
// filled it, must be what migrating an empty database gives: the same
// tables, columns, constraints, indexes and migration records, and no rows.
func TestPooledDatabasesAreFreshlyMigrated(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		fresh := openUnmigrated(t, b)
		if err := fresh.Migrate(t.Context()); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		want := describeSchema(t, fresh)
		pool := sqltest.NewPool(migrateURL)
		t.Cleanup(func() {
			if err := pool.Close(); err != nil {
				t.Error(err)
			}
		})
		var schemas []string
		for _, round := range []string{"First", "Again"} {
			t.Run(round, func(t *testing.T) {
				db := openDB(t, pool.URL(t, b.name))
				if got := describeSchema(t, db); !slices.Equal(got, want) {
					t.Fatalf("the database lent differs from a migrated one:\n%s", lineDiff(got, want))
				}
				if b.name == DialectPostgres {
					var schema string
					if err := db.bun.QueryRowContext(t.Context(), "SELECT current_schema()").Scan(&schema); err != nil {
						t.Fatal(err)
					}
					schemas = append(schemas, schema)
				}
				fillTables(t, db)
			})
		}
		if b.name == DialectPostgres && (len(schemas) != 2 || schemas[0] != schemas[1]) {
			t.Fatalf("schemas lent: %v, want the first one again, emptied", schemas)
		}
	})
}

// describeSchema lists, sorted, the definitions of a database's tables and
// indexes, the migrations it records, and how many rows each table holds.
// PostgreSQL's are read from information_schema and pg_indexes, with the
// schema's name taken out, so that two schemas compare.
func describeSchema(t *testing.T, db *DB) []string {
	t.Helper()
	queries := []string{
		"SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '') FROM sqlite_master",
	}
	if db.Dialect() == DialectPostgres {
		// NOT NULL constraints are named after oids, which differ in every
		// schema; the columns' is_nullable says the same.
		queries = []string{
			`SELECT concat_ws(' ', 'column', table_name, ordinal_position, column_name, data_type,
			        character_maximum_length, is_nullable, column_default, collation_name)
			   FROM information_schema.columns WHERE table_schema = current_schema()`,
			`SELECT concat_ws(' ', 'constraint', table_name, constraint_name, constraint_type, is_deferrable)
			   FROM information_schema.table_constraints
			  WHERE table_schema = current_schema() AND constraint_name NOT LIKE '%\_not\_null'`,
			`SELECT concat_ws(' ', 'check', constraint_name, check_clause)
			   FROM information_schema.check_constraints
			  WHERE constraint_schema = current_schema() AND constraint_name NOT LIKE '%\_not\_null'`,
			`SELECT concat_ws(' ', 'reference', constraint_name, unique_constraint_name, match_option, update_rule, delete_rule)
			   FROM information_schema.referential_constraints WHERE constraint_schema = current_schema()`,
			`SELECT concat_ws(' ', 'key', constraint_name, table_name, column_name, ordinal_position)
			   FROM information_schema.key_column_usage WHERE table_schema = current_schema()`,
			`SELECT concat_ws(' ', 'index', tablename, indexname, replace(indexdef, schemaname || '.', ''))
			   FROM pg_indexes WHERE schemaname = current_schema()`,
		}
	}
	queries = append(queries, "SELECT 'migration ' || name || ' ' || group_id FROM bun_migrations")
	var lines []string
	for _, q := range queries {
		var got []string
		if err := db.bun.NewRaw(q).Scan(t.Context(), &got); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		lines = append(lines, got...)
	}
	for _, table := range tableNames(t, db) {
		var n int
		if err := db.bun.NewRaw("SELECT count(*) FROM ?", bun.Ident(table)).Scan(t.Context(), &n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		lines = append(lines, fmt.Sprintf("rows %s %d", table, n))
	}
	slices.Sort(lines)
	return lines
}

// tableNames lists the database's tables.
func tableNames(t *testing.T, db *DB) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table'"
	if db.Dialect() == DialectPostgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	var names []string
	if err := db.bun.NewRaw(q).Scan(t.Context(), &names); err != nil {
		t.Fatalf("list tables: %v", err)
	}
	return names
}

// fillTables writes a row in each table through the repositories, so that
// the next test of the pool finds them emptied.
func fillTables(t *testing.T, db *DB) {
	t.Helper()
	ctx := t.Context()
	now := time.Now()
	u := mustUser(t, 1)
	v := mustVideo(t, 10, u.ID())
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	must("create a user", db.Users().Create(ctx, u))
	must("put a code", db.Codes().Put(ctx, user.NewCode(u.ID(), user.PurposeVerify, "h", "", now)))
	must("create a session", db.Sessions().Create(ctx, session.New(id.ID("00000000000000000000abcd"), u.ID(), "h", "", now, time.Hour)))
	must("create a video", db.Videos().Create(ctx, v))
	_, _, err := db.Videos().RecordView(ctx, v.ID(), u.ID(), now, time.Hour)
	must("record a view", err)
	must("touch the history", db.History().Touch(ctx, u.ID(), v.ID(), now))
	must("trash a key", db.Trash().Add(ctx, now, "key"))
}

// lineDiff shows the lines only one of two sorted lists has.
func lineDiff(got, want []string) string {
	var b strings.Builder
	for _, l := range got {
		if !slices.Contains(want, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	for _, l := range want {
		if !slices.Contains(got, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	return b.String()
}
