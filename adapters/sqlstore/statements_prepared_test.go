package sqlstore

import (
	"context"
	"sync/atomic"
	"testing"
)

func TestNumberPlaceholders(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"SELECT 1":                      "SELECT 1",
		"a = ? AND b IN (?, ?) LIMIT ?": "a = $1 AND b IN ($2, $3) LIMIT $4",
		"é = ?":                         "é = $1",
	} {
		if got := numberPlaceholders(in); got != want {
			t.Errorf("numberPlaceholders(%q) = %q, want %q", in, got, want)
		}
	}
}

// A statement is prepared once and reused, its values never in its text;
// an id list is one placeholder whatever its length. PostgreSQL's reads
// keep their numbered texts, which pgx prepares once per connection.
func TestPreparedStatements(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d backend) {
		db := d.open(t)
		var ran atomic.Int64
		db.stmts.observe = func(context.Context, string) { ran.Add(1) }
		ctx := t.Context()
		for _, v := range []int64{41, 1, -3} {
			var n int64
			if err := db.stmts.scanOne(ctx, &n, "SELECT CAST(? AS integer) + 1", v); err != nil || n != v+1 {
				t.Fatalf("scanOne(%d) = %d, %v", v, n, err)
			}
		}
		if got := db.stmts.kept(); got != 1 {
			t.Fatalf("%d statements prepared for one text", got)
		}
		if ran.Load() != 3 {
			t.Fatalf("observed %d statements, want 3", ran.Load())
		}
		u1, u2 := socialUser(t, db, 1, "One"), socialUser(t, db, 2, "Two")
		for _, keys := range [][]string{{u1.String()}, {u1.String(), u2.String(), "000000000000000000000099"}, {}} {
			var rows []userRow
			if err := db.stmts.scan(ctx, &rows, db.stmts.anyOf(usersByIDsQuery), db.stmts.list(keys)); err != nil {
				t.Fatalf("users by %v: %v", keys, err)
			}
			if want := min(len(keys), 2); len(rows) != want {
				t.Fatalf("users by %v: %d rows, want %d", keys, len(rows), want)
			}
		}
		if got := db.stmts.kept(); got != 2 {
			t.Fatalf("%d statements prepared for two texts", got)
		}
		// A query that fails to prepare is not kept.
		var n int64
		if err := db.stmts.scanOne(ctx, &n, "SELECT no_such_column FROM users"); err == nil {
			t.Fatal("a bad statement ran")
		}
		if got := db.stmts.kept(); got != 2 {
			t.Fatalf("a failed preparation was kept: %d statements", got)
		}
	})
}

// kept is how many statements s keeps: database/sql's prepared statements,
// and the numbered texts of PostgreSQL's reads.
func (s *statements) kept() int {
	n := len(s.cache)
	s.pgTexts.Range(func(any, any) bool { n++; return true })
	return n
}
