package sqlstore

import (
	"reflect"
	"slices"
	"strings"

	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/schema"
)

// columnNames reads the column names of row types from their bun tags;
// they are the same in both dialects.
var columnNames = sqlitedialect.New().Tables()

// columnsOf lists the columns of the row type of model, a pointer to a row
// struct, for a hand-written SELECT: "alias.col AS prefixcol, ...". A
// struct that embeds the row type with the tag bun:"embed:prefix" reads
// them back, so that the columns of two joined tables that share names
// (id, created_at) land in their own rows. The list follows the row type
// (see readColumns), so a column added to it is read by the hand-written
// statements too. Given names, it lists only those of the row type's
// columns.
func columnsOf(model any, alias, prefix string, only ...string) string {
	cols := make([]string, 0, 16)
	for _, name := range readColumns(model) {
		if len(only) == 0 || slices.Contains(only, name) {
			cols = append(cols, alias+"."+name+" AS "+prefix+name)
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
	cols := make([]string, 0, 16)
	found := 0
	for _, name := range readColumns(model) {
		if slices.Contains(except, name) {
			found++
			continue
		}
		cols = append(cols, alias+"."+name+" AS "+prefix+name)
	}
	if found != len(except) || len(cols) == 0 {
		panic("sqlstore: columnsExcept: a named column is not one of the row's, or none is left")
	}
	return strings.Join(cols, ", ")
}

// readColumns names the columns of the row type of model in the order of
// its fields: those bun writes, and the scanonly ones, counts the database
// keeps (migration like_counts), which bun leaves out of its own list
// because it never writes them, but which a read of the row reads.
func readColumns(model any) []string {
	t := columnNames.Get(reflect.TypeOf(model).Elem())
	fields := slices.Clone(t.Fields)
	for _, f := range t.FieldMap {
		// FieldMap holds a field under its other names too.
		if f.Tag.HasOption("scanonly") && !slices.Contains(fields, f) {
			fields = append(fields, f)
		}
	}
	slices.SortFunc(fields, func(a, b *schema.Field) int { return slices.Compare(a.Index, b.Index) })
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return names
}

// The columns of the rows that pages read whole, named rather than "c.*":
// a prepared statement's rows keep the shape it was prepared with, so
// PostgreSQL refuses to run one whose table gained a column since
// ("cached plan must not change result type"), and an instance still
// running while a migration adds one would fail its pages until its
// connections closed. Named, they read what the row types hold, before
// and after.
var (
	commentColumns = columnsOf((*commentRow)(nil), "c", "")
	postColumns    = columnsOf((*postRow)(nil), "p", "")
	followColumns  = columnsOf((*followRow)(nil), "f", "")
	// A summary shows no search text, which repeats the name and the
	// description: SQLite copies every text it hands over.
	playlistColumns = columnsExcept((*playlistRow)(nil), "p", "", "search_text")
)
