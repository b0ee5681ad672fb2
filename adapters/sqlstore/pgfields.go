package sqlstore

import (
	"database/sql"
	"fmt"
	"reflect"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// pgKind is the kind of a row's field, which chooses its scanner: the
// types the package's rows hold.
type pgKind uint8

const (
	pgNone pgKind = iota
	pgString
	pgInt
	pgFloat
	pgBool
	pgTime
	pgNullString
	pgNullInt
	pgNullBool
)

// Types with a scanner of their own.
var (
	msTimeType     = reflect.TypeFor[msTime]()
	nullStringType = reflect.TypeFor[sql.NullString]()
	nullInt64Type  = reflect.TypeFor[sql.NullInt64]()
	nullBoolType   = reflect.TypeFor[sql.NullBool]()
	sqlScannerType = reflect.TypeFor[sql.Scanner]()
)

// kindOf is the kind of a field of type t, pgNone for a type no scanner
// writes: among them any other type that reads itself (a sql.Scanner),
// whose reading a scanner of its kind would skip.
func kindOf(t reflect.Type) pgKind {
	switch t {
	case msTimeType:
		return pgTime
	case nullStringType:
		return pgNullString
	case nullInt64Type:
		return pgNullInt
	case nullBoolType:
		return pgNullBool
	}
	if reflect.PointerTo(t).Implements(sqlScannerType) {
		return pgNone
	}
	switch t.Kind() {
	case reflect.String:
		return pgString
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return pgInt
	case reflect.Float32, reflect.Float64:
		return pgFloat
	case reflect.Bool:
		return pgBool
	}
	return pgNone
}

// newPGField returns a scanner of kind k and the slot that holds the field
// it writes. Each is one of pgx's scanner interfaces, so that pgx decodes
// the wire's value into the scanner's argument, with no interface between.
func newPGField(k pgKind) (any, *reflect.Value) {
	switch k {
	case pgString:
		return scannerOf[textField]()
	case pgInt:
		return scannerOf[intField]()
	case pgFloat:
		return scannerOf[floatField]()
	case pgBool:
		return scannerOf[boolField]()
	case pgTime:
		return scannerOf[timeField]()
	case pgNullString:
		return scannerOf[nullTextField]()
	case pgNullInt:
		return scannerOf[nullIntField]()
	case pgNullBool:
		return scannerOf[nullBoolField]()
	}
	panic(fmt.Sprintf("sqlstore: no PostgreSQL scanner of kind %d", k))
}

// scannerOf returns a new scanner S and its slot.
func scannerOf[S any, P interface {
	*S
	at() *reflect.Value
}]() (any, *reflect.Value) {
	p := P(new(S))
	return p, p.at()
}

// fieldSlot is the field a scanner writes, and the zero value for NULL.
type fieldSlot struct{ v reflect.Value }

// at is where the field's value is set before each row.
func (s *fieldSlot) at() *reflect.Value { return &s.v }

// The scanners, one per kind.
type (
	textField     struct{ fieldSlot }
	intField      struct{ fieldSlot }
	floatField    struct{ fieldSlot }
	boolField     struct{ fieldSlot }
	timeField     struct{ fieldSlot }
	nullTextField struct{ fieldSlot }
	nullIntField  struct{ fieldSlot }
	nullBoolField struct{ fieldSlot }
)

// ScanText implements pgtype.TextScanner.
func (f *textField) ScanText(t pgtype.Text) error { f.v.SetString(t.String); return nil }

// ScanInt64 implements pgtype.Int64Scanner.
func (f *intField) ScanInt64(n pgtype.Int8) error {
	if f.v.OverflowInt(n.Int64) {
		return fmt.Errorf("sqlstore: %d overflows %s", n.Int64, f.v.Type())
	}
	f.v.SetInt(n.Int64)
	return nil
}

// ScanFloat64 implements pgtype.Float64Scanner.
func (f *floatField) ScanFloat64(x pgtype.Float8) error { f.v.SetFloat(x.Float64); return nil }

// ScanBool implements pgtype.BoolScanner.
func (f *boolField) ScanBool(b pgtype.Bool) error { f.v.SetBool(b.Bool); return nil }

// ScanTimestamptz implements pgtype.TimestamptzScanner: UTC, as msTime
// reads a time through database/sql.
func (f *timeField) ScanTimestamptz(t pgtype.Timestamptz) error {
	p := f.v.Addr().Interface().(*msTime)
	switch {
	case !t.Valid:
		*p = msTime{}
	case t.InfinityModifier != pgtype.Finite:
		return fmt.Errorf("sqlstore: cannot read an infinite time")
	default:
		*p = msTime(t.Time.In(time.UTC))
	}
	return nil
}

// ScanText implements pgtype.TextScanner.
func (f *nullTextField) ScanText(t pgtype.Text) error {
	*f.v.Addr().Interface().(*sql.NullString) = sql.NullString{String: t.String, Valid: t.Valid}
	return nil
}

// ScanInt64 implements pgtype.Int64Scanner.
func (f *nullIntField) ScanInt64(n pgtype.Int8) error {
	*f.v.Addr().Interface().(*sql.NullInt64) = sql.NullInt64{Int64: n.Int64, Valid: n.Valid}
	return nil
}

// ScanBool implements pgtype.BoolScanner.
func (f *nullBoolField) ScanBool(b pgtype.Bool) error {
	*f.v.Addr().Interface().(*sql.NullBool) = sql.NullBool{Bool: b.Bool, Valid: b.Valid}
	return nil
}
