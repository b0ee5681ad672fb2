package sqlstore

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/uptrace/bun"
)

// pgPlan is where each column of a statement's rows goes in a row type:
// the field's index path (none for a scalar: the row is the value) and
// the kind of its scanner. Its scanners are pooled: a read takes a set and
// gives it back.
type pgPlan struct {
	index [][]int
	kinds []pgKind
	pool  sync.Pool
}

// plan returns the plan of st's rows read into typ, made on first use from
// the rows' column names and bun's table of typ: as many plans as the code
// has statements and row types. They are kept with the statement, which a
// read has already looked up by its text, so that a read hashes its few
// kilobytes of text once.
func (st *pgStmt) plan(b *bun.DB, typ reflect.Type, cols []pgconn.FieldDescription) (*pgPlan, error) {
	if p, ok := st.plans.Load(typ); ok {
		return p.(*pgPlan), nil
	}
	p := &pgPlan{index: make([][]int, len(cols)), kinds: make([]pgKind, len(cols))}
	if kind := kindOf(typ); typ.Kind() != reflect.Struct || kind != pgNone {
		if kind == pgNone {
			return nil, fmt.Errorf("sqlstore: no PostgreSQL scanner for %s", typ)
		}
		if len(cols) != 1 {
			return nil, fmt.Errorf("sqlstore: cannot scan %d columns into one %s", len(cols), typ)
		}
		p.kinds[0] = kind
		return st.keepPlan(typ, p), nil
	}
	table := b.Table(typ)
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
			return nil, fmt.Errorf("sqlstore: no PostgreSQL scanner for column %q, a %s", col.Name, ft)
		}
		p.index[i] = f.Index
	}
	return st.keepPlan(typ, p), nil
}

// keepPlan keeps p for typ unless a plan raced it there, and returns the
// plan kept.
func (st *pgStmt) keepPlan(typ reflect.Type, p *pgPlan) *pgPlan {
	kept, _ := st.plans.LoadOrStore(typ, p)
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
