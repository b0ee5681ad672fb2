package sqlstore

import (
	"database/sql"
	"errors"
	"reflect"
	"testing"
	"time"
)

// pgKinds is a row with a field of every kind pgx's scanners write, one of
// them through an embedded row with a prefix, as a page's owner is.
type pgKinds struct {
	Text     string         `bun:"text"`
	Int      int            `bun:"int"`
	Int64    int64          `bun:"int64"`
	Float    float64        `bun:"float"`
	Bool     bool           `bun:"bool"`
	At       msTime         `bun:"at"`
	NullText sql.NullString `bun:"null_text"`
	NullInt  sql.NullInt64  `bun:"null_int"`
	NullBool sql.NullBool   `bun:"null_bool"`
	Inner    pgInner        `bun:"embed:in_"`
}

type pgInner struct {
	Name string `bun:"name"`
}

// PostgreSQL's reads decode each value into its field through pgx's
// scanners: values and NULLs (the zero value, as bun reads them) of every
// kind, a sum (numeric) into an integer, rows into a slice that held
// others, scalars, and a clear error for what no field takes.
func TestPGScan(t *testing.T) {
	t.Parallel()
	postgresURL(t)
	st := testPostgres(t).stmts
	ctx := t.Context()
	const values = "SELECT CAST(? AS text) AS text, 7 AS int, CAST(? AS bigint) AS int64, 1.5 AS float, TRUE AS bool, " +
		"CAST(? AS timestamptz) AS at, 'n' AS null_text, CAST(3 AS bigint) AS null_int, FALSE AS null_bool, 'ada' AS in_name"
	at := time.Date(2026, 3, 4, 5, 6, 7, 8_000_000, time.FixedZone("x", 3600))
	var got pgKinds
	if err := st.scanOne(ctx, &got, values, "word", int64(1)<<40, at); err != nil {
		t.Fatalf("values: %v", err)
	}
	want := pgKinds{
		Text: "word", Int: 7, Int64: 1 << 40, Float: 1.5, Bool: true, At: msTime(at.UTC()),
		NullText: sql.NullString{String: "n", Valid: true}, NullInt: sql.NullInt64{Int64: 3, Valid: true},
		NullBool: sql.NullBool{Valid: true}, Inner: pgInner{Name: "ada"},
	}
	if !reflect.DeepEqual(got, want) || time.Time(got.At).Location() != time.UTC {
		t.Fatalf("values: got %+v, want %+v", got, want)
	}

	const nulls = "SELECT NULL::text AS text, NULL::int AS int, NULL::bigint AS int64, NULL::float8 AS float, " +
		"NULL::bool AS bool, NULL::timestamptz AS at, NULL::text AS null_text, NULL::bigint AS null_int, " +
		"NULL::bool AS null_bool, NULL::text AS in_name FROM generate_series(1, ?)"
	rows := []pgKinds{want, want, want}
	if err := st.scan(ctx, &rows, nulls, 2); err != nil {
		t.Fatalf("nulls: %v", err)
	}
	if len(rows) != 2 || rows[0] != (pgKinds{}) || rows[1] != (pgKinds{}) {
		t.Fatalf("nulls: got %+v, want two zero rows", rows)
	}

	var sum int64
	if err := st.scanOne(ctx, &sum, "SELECT coalesce(sum(n), 0) FROM generate_series(1, ?) AS n", 4); err != nil || sum != 10 {
		t.Fatalf("sum = %d, %v; want 10", sum, err)
	}
	ids := []string{"stale"}
	if err := st.scan(ctx, &ids, "SELECT 'id' || n FROM generate_series(1, ?) AS n ORDER BY n", 5); err != nil {
		t.Fatalf("ids: %v", err)
	}
	if !reflect.DeepEqual(ids, []string{"id1", "id2", "id3", "id4", "id5"}) {
		t.Fatalf("ids = %v", ids)
	}
	if err := st.scanOne(ctx, &sum, "SELECT 1 WHERE FALSE"); !errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("no row: %v, want sql.ErrNoRows", err)
	}
	if err := st.scanOne(ctx, &got, "SELECT 1 AS nowhere"); err == nil {
		t.Fatal("a column without a field was read")
	}
	if err := st.scanOne(ctx, &sum, "SELECT 1, 2"); err == nil {
		t.Fatal("two columns were read into one integer")
	}
	var tooSmall int8
	if err := st.scanOne(ctx, &tooSmall, "SELECT 300"); err == nil {
		t.Fatalf("300 was read into an int8 as %d", tooSmall)
	}
}
