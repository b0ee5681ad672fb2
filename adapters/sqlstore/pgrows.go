package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL's rows of the prepared statements are read through pgx's own
// interface: each value is decoded from the wire straight into its field.
// Through database/sql, pgx first decodes every value of a row into an
// interface (a new string, a boxed time), database/sql converts it into
// what bun hands it, and bun finds the field by the column's name, on every
// row: reading a page of videos allocated 666 times that way, and 258 so
// (BenchmarkVideoListPage).
//
// A row type's fields are found once per statement, by the column names
// bun's table gives them (embedded rows and their prefixes included), and
// each is written by a scanner of its kind (pgfields.go) that reads NULL as
// the zero value, as bun does: a page's owner columns are NULL for an
// account that is gone.

// pgQuery runs query with args on a pooled connection's pgx.Conn and reads
// its rows into dest (see pgScan): all of them or, when one is set, the
// first (sql.ErrNoRows when there is none). The statement is prepared once
// per connection under a name of its own (see pgStatement), as
// database/sql's prepared statements are, rather than in pgx's cache of
// texts, which bun's statements (a new text for each value) would churn.
func (s *statements) pgQuery(ctx context.Context, dest any, one bool, query string, args []any) error {
	conn, err := s.bun.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	st := s.pgStatement(query)
	return conn.Raw(func(driverConn any) error {
		pc := driverConn.(*stdlib.Conn).Conn()
		// Prepare returns at once a statement this connection has.
		if _, err := pc.Prepare(ctx, st.name, st.text); err != nil {
			// A text PostgreSQL refuses is not kept, as database/sql's
			// failed preparations are not (see prepared): its name is
			// prepared nowhere. One that met a lost connection is.
			var refused *pgconn.PgError
			if errors.As(err, &refused) {
				s.pgTexts.CompareAndDelete(query, st)
			}
			return err
		}
		rows, err := pc.Query(ctx, st.name, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		n, err := s.pgScan(rows, dest, query, one)
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

// pgStmt is a statement's name on PostgreSQL's connections and its text,
// with numbered placeholders.
type pgStmt struct {
	name, text string
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

// pgScan reads rows into dest: a pointer to a slice of rows or scalars,
// truncated first, or, when one is set, to a row or a scalar, which takes
// the first row. It returns how many rows it read.
func (s *statements) pgScan(rows pgx.Rows, dest any, query string, one bool) (int, error) {
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
	plan, err := s.pgPlan(typ, query, rows.FieldDescriptions())
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
			// An element past the slice's length may hold an earlier
			// row: it starts as the zero row bun would append.
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

// pgPlan is where each column of a statement's rows goes in a row type:
// the field's index path (none for a scalar: the row is the value) and
// the kind of its scanner. Its scanners are pooled: a page's request
// takes a set and gives it back.
type pgPlan struct {
	index [][]int
	kinds []pgKind
	pool  sync.Pool
}

// pgPlanKey is a plan's key: one statement's rows read into one type.
type pgPlanKey struct {
	typ   reflect.Type
	query string
}

// pgPlan returns the plan of query's rows read into typ, made on first use
// from the rows' column names: as many plans as the code has statements
// and row types.
func (s *statements) pgPlan(typ reflect.Type, query string, cols []pgconn.FieldDescription) (*pgPlan, error) {
	key := pgPlanKey{typ, query}
	if p, ok := s.pgPlans.Load(key); ok {
		return p.(*pgPlan), nil
	}
	p := &pgPlan{index: make([][]int, len(cols)), kinds: make([]pgKind, len(cols))}
	if kind := kindOf(typ); kind != pgNone || typ.Kind() != reflect.Struct {
		if len(cols) != 1 || kind == pgNone {
			return nil, fmt.Errorf("sqlstore: cannot scan %d columns into %s", len(cols), typ)
		}
		p.kinds[0] = kind
		return s.keepPlan(key, p), nil
	}
	table := s.bun.Table(typ)
	for i, col := range cols {
		f := table.LookupField(col.Name)
		if f == nil {
			return nil, fmt.Errorf("sqlstore: %s has no field for column %q", typ, col.Name)
		}
		ft, err := fieldType(typ, f.Index)
		if err != nil {
			return nil, err
		}
		if p.kinds[i] = kindOf(ft); p.kinds[i] == pgNone {
			return nil, fmt.Errorf("sqlstore: cannot scan column %q into %s", col.Name, ft)
		}
		p.index[i] = f.Index
	}
	return s.keepPlan(key, p), nil
}

// keepPlan keeps p under key unless a plan raced it there, and returns the
// plan kept.
func (s *statements) keepPlan(key pgPlanKey, p *pgPlan) *pgPlan {
	kept, _ := s.pgPlans.LoadOrStore(key, p)
	return kept.(*pgPlan)
}

// fieldType is the type of typ's field at index, a path through embedded
// structs held by value: FieldByIndex cannot walk a nil pointer.
func fieldType(typ reflect.Type, index []int) (reflect.Type, error) {
	t := typ
	for _, i := range index {
		if t.Kind() != reflect.Struct {
			return nil, fmt.Errorf("sqlstore: %s embeds a row by pointer", typ)
		}
		t = t.Field(i).Type
	}
	return t, nil
}

// fields returns a set of the plan's scanners, one per column.
func (p *pgPlan) fields() *pgFields {
	if f, ok := p.pool.Get().(*pgFields); ok {
		return f
	}
	f := &pgFields{dests: make([]any, len(p.kinds)), slots: make([]*reflect.Value, len(p.kinds))}
	for i, k := range p.kinds {
		f.dests[i], f.slots[i] = newPGField(k)
	}
	return f
}

// release gives f back, pointing nowhere: a pooled set must not keep a
// page's rows alive.
func (p *pgPlan) release(f *pgFields) {
	for _, slot := range f.slots {
		*slot = reflect.Value{}
	}
	p.pool.Put(f)
}

// pgFields is a set of a plan's scanners: dests are what rows.Scan is
// given, and slots the field each of them writes, pointed at the next
// row's fields before each row.
type pgFields struct {
	dests []any
	slots []*reflect.Value
}

// point aims each scanner at its field of row.
func (f *pgFields) point(p *pgPlan, row reflect.Value) {
	for i, slot := range f.slots {
		if p.index[i] == nil {
			*slot = row
			continue
		}
		*slot = row.FieldByIndex(p.index[i])
	}
}
