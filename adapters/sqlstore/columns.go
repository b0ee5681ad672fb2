package sqlstore

import (
	"reflect"
	"slices"
	"strings"

	"github.com/uptrace/bun/dialect/sqlitedialect"
)

// columnNames reads the column names of row types from their bun tags;
// they are the same in both dialects.
var columnNames = sqlitedialect.New().Tables()

// columnsOf lists the columns of the row type of model, a pointer to a row
// struct, for a hand-written SELECT: "alias.col AS prefixcol, ...". A
// struct that embeds the row type with the tag bun:"embed:prefix" reads
// them back, so that the columns of two joined tables that share names
// (id, created_at) land in their own rows. The list follows the row type,
// so a column added to it is read by the hand-written statements too, but
// for the scanonly fields (counts the database keeps), which bun leaves
// out of a row's columns: the statements that need one name it, and the
// others leave the field zero. Given names, it lists only those of the
// row type's columns.
func columnsOf(model any, alias, prefix string, only ...string) string {
	t := columnNames.Get(reflect.TypeOf(model).Elem())
	cols := make([]string, 0, len(t.Fields))
	for _, f := range t.Fields {
		if len(only) == 0 || slices.Contains(only, f.Name) {
			cols = append(cols, alias+"."+f.Name+" AS "+prefix+f.Name)
		}
	}
	if len(only) > 0 && len(cols) != len(only) {
		panic("sqlstore: columnsOf: a named column is not one of the row's")
	}
	return strings.Join(cols, ", ")
}

// columnsExcept lists the columns of the row type of model as columnsOf
// does, but those named, each of which must be one of the row's.
func columnsExcept(model any, alias, prefix string, except ...string) string {
	t := columnNames.Get(reflect.TypeOf(model).Elem())
	cols := make([]string, 0, len(t.Fields))
	found := 0
	for _, f := range t.Fields {
		if slices.Contains(except, f.Name) {
			found++
			continue
		}
		cols = append(cols, alias+"."+f.Name+" AS "+prefix+f.Name)
	}
	if found != len(except) || len(cols) == 0 {
		panic("sqlstore: columnsExcept: a named column is not one of the row's, or none is left")
	}
	return strings.Join(cols, ", ")
}

// The columns of the rows that pages read whole, named rather than "c.*":
// a prepared statement's rows keep the shape it was prepared with, so
// PostgreSQL refuses to run one whose table gained a column since
// ("cached plan must not change result type"), and an instance still
// running while a migration adds one would fail its pages until its
// connections closed. Named, they read what the row types hold, before
// and after. The like counts are named on their own: bun's list of a
// row's columns leaves out those it never writes.
var (
	commentColumns  = columnsOf((*commentRow)(nil), "c", "") + ", c.like_count AS like_count"
	postColumns     = columnsOf((*postRow)(nil), "p", "") + ", p.like_count AS like_count"
	followColumns   = columnsOf((*followRow)(nil), "f", "")
	playlistColumns = columnsOf((*playlistRow)(nil), "p", "")
)
