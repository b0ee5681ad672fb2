package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
)

// PostgreSQL's rows of the prepared statements are read through pgx's own
// interface: each value is decoded from the wire straight into its field.
// Through database/sql, pgx first decodes every value of a row into an
// interface (a new string, a boxed time), database/sql converts it into
// what bun hands it, and bun finds the field by the column's name, on every
// row: a page of videos took 666 allocations through database/sql and
// bun, and takes 258 through pgx (BenchmarkVideoListPage).
//
// A row type's fields are found once per statement, by the column names
// bun's table gives them (embedded rows and their prefixes included, see
// pgplan.go), and each is written by a scanner of its kind (pgfields.go)
// that reads NULL as the zero value, as bun does: a page's owner columns
// are NULL for an account that is gone.

// pgQuery runs query with args on a pooled connection's pgx.Conn and reads
// its rows into dest (see pgScan): all of them or, when one is set, the
// first (sql.ErrNoRows when there is none). The statement is prepared once
// per connection under a name of its own (see pgStatement), as
// database/sql's prepared statements are, rather than in pgx's cache of
// texts, which bun's statements (a new text for each value) would churn.
//
// A connection found lost before the statement was sent is dropped and the
// statement tried once more on another, as database/sql does for its own
// statements: without that, a connection that died while it sat in the
// pool would fail the request that meets it.
func (s *statements) pgQuery(ctx context.Context, dest any, one bool, query string, args []any) error {
	err := s.pgQueryOnce(ctx, dest, one, query, args)
	if errors.Is(err, driver.ErrBadConn) {
		err = s.pgQueryOnce(ctx, dest, one, query, args)
	}
	return err
}

// pgQueryOnce is one try of pgQuery, on one pooled connection. An error
// that left nothing sent wraps driver.ErrBadConn, which makes database/sql
// drop the connection.
func (s *statements) pgQueryOnce(ctx context.Context, dest any, one bool, query string, args []any) error {
	conn, err := s.bun.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	st := s.pgStatement(query)
	return conn.Raw(func(driverConn any) error {
		dc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("sqlstore: PostgreSQL's connection is a %T, not pgx's", driverConn)
		}
		pc := dc.Conn()
		// Prepare returns at once a statement this connection has.
		if _, err := pc.Prepare(ctx, st.name, st.text); err != nil {
			return s.prepareFailed(query, st, err)
		}
		st.prepared.Store(true)
		rows, err := pc.Query(ctx, st.name, args...)
		if err != nil && pgconn.SafeToRetry(err) {
			return fmt.Errorf("%w: %w", driver.ErrBadConn, err)
		}
		s.ran(ctx, query, args)
		if err != nil {
			return err
		}
		defer rows.Close()
		n, err := pgScan(s.bun, st, rows, dest, one)
		if err != nil {
			return err
		}
		// Closing reads what the statement sends after the rows taken,
		// and its error.
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if one && n == 0 {
			return sql.ErrNoRows
		}
		return nil
	})
}

// prepareFailed is the error of a statement's failed preparation. A text
// that PostgreSQL refused on its first preparation anywhere is not kept,
// as database/sql's failed preparations are not (see prepared); one that
// some connection prepared keeps its name, which that connection holds (a
// refusal there is of the moment: a lock or statement timeout). A failure
// that is not PostgreSQL's answer is the connection's, before anything was
// sent: the connection is dropped, and the statement tried again.
func (s *statements) prepareFailed(query string, st *pgStmt, err error) error {
	var refused *pgconn.PgError
	switch {
	case errors.As(err, &refused):
		if !st.prepared.Load() {
			s.pgTexts.CompareAndDelete(query, st)
		}
		return err
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return fmt.Errorf("%w: %w", driver.ErrBadConn, err)
}

// pgStmt is a statement's name on PostgreSQL's connections and its text,
// with numbered placeholders, whether a connection prepared it, and where
// its rows go in each row type read from it (see plan).
type pgStmt struct {
	name, text string
	prepared   atomic.Bool
	plans      sync.Map
}

// pgStatement returns the statement of query, made on first use: the
// texts are the code's, so the names are as few.
func (s *statements) pgStatement(query string) *pgStmt {
	if st, ok := s.pgTexts.Load(query); ok {
		return st.(*pgStmt)
	}
	st := &pgStmt{name: "stagecast_" + strconv.FormatInt(s.pgNames.Add(1), 10), text: numberPlaceholders(query)}
	kept, _ := s.pgTexts.LoadOrStore(query, st)
	return kept.(*pgStmt)
}

// pgScan reads the rows of st into dest: a pointer to a slice of rows or scalars,
// truncated first, or, when one is set, to a row or a scalar, which takes
// the first row. It returns how many rows it read.
func pgScan(b *bun.DB, st *pgStmt, rows pgx.Rows, dest any, one bool) (int, error) {
	target := reflect.ValueOf(dest)
	if target.Kind() != reflect.Pointer || target.IsNil() {
		return 0, fmt.Errorf("sqlstore: cannot scan into %T", dest)
	}
	target = target.Elem()
	typ := target.Type()
	if !one {
		if target.Kind() != reflect.Slice {
			return 0, fmt.Errorf("sqlstore: cannot scan rows into %T", dest)
		}
		typ = typ.Elem()
		target.SetLen(0)
	}
	plan, err := st.plan(b, typ, rows.FieldDescriptions())
	if err != nil {
		return 0, err
	}
	fields := plan.fields()
	defer plan.release(fields)
	n := 0
	for rows.Next() {
		row := target
		if !one {
			if target.Len() == target.Cap() {
				target.Grow(max(target.Cap(), 4))
			}
			target.SetLen(target.Len() + 1)
			row = target.Index(target.Len() - 1)
			// A slot within the slice's capacity may hold a row the
			// caller read before: each row starts from zero, so that a
			// field no column writes is never an earlier row's.
			row.SetZero()
		}
		fields.point(plan, row)
		if err := rows.Scan(fields.dests...); err != nil {
			return n, err
		}
		n++
		if one {
			break
		}
	}
	return n, nil
}
