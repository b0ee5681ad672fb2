package sqlstore

import (
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/schema"
)

// msTime is an instant as a column: UTC, millisecond precision, NULL for the
// zero time. It renders itself per dialect (see the package comment), so one
// row type serves both databases.
type msTime time.Time

var (
	_ schema.QueryAppender = msTime{}
	_ sql.Scanner          = (*msTime)(nil)
)

// AppendQuery writes t as a literal of the query's dialect.
func (t msTime) AppendQuery(gen schema.QueryGen, b []byte) ([]byte, error) {
	tm := time.Time(t)
	if tm.IsZero() {
		return append(b, "NULL"...), nil
	}
	tm = tm.UTC().Truncate(time.Millisecond)
	if gen.Dialect().Name() == dialect.SQLite {
		return strconv.AppendInt(b, tm.UnixMilli(), 10), nil
	}
	return gen.Dialect().AppendTime(b, tm), nil
}

// Scan reads an INTEGER of milliseconds (SQLite) or a timestamptz (pgx).
func (t *msTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t = msTime{}
	case int64:
		*t = msTime(time.UnixMilli(v).UTC())
	case time.Time:
		*t = msTime(v.UTC())
	default:
		return fmt.Errorf("sqlstore: cannot read %T as a time", src)
	}
	return nil
}

// Time returns t as a time.Time in UTC, or the zero time.
func (t msTime) Time() time.Time {
	tm := time.Time(t)
	if tm.IsZero() {
		return time.Time{}
	}
	return tm.UTC()
}

// stored returns t as the database keeps it: UTC, at millisecond precision,
// for a value read back from what was written without another read.
func (t msTime) stored() msTime {
	tm := time.Time(t)
	if tm.IsZero() {
		return msTime{}
	}
	return msTime(tm.UTC().Truncate(time.Millisecond))
}
