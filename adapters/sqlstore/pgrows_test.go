package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
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

// scannedText is a string that reads itself, which no scanner of the
// string kind may write in its place.
type scannedText string

func (s *scannedText) Scan(src any) error {
	*s = scannedText(fmt.Sprint("read:", src))
	return nil
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

	// The sum of bigints is a numeric.
	var sum int64
	if err := st.scanOne(ctx, &sum, "SELECT coalesce(sum(CAST(n AS bigint)), 0) FROM generate_series(1, ?) AS n", 4); err != nil || sum != 10 {
		t.Fatalf("sum = %d, %v; want 10", sum, err)
	}
	// A row that reads some of its fields starts from zero, not from what
	// the caller's slice held.
	rows = []pgKinds{want, want}
	if err := st.scan(ctx, &rows, "SELECT 'x' AS text"); err != nil || len(rows) != 1 || rows[0] != (pgKinds{Text: "x"}) {
		t.Fatalf("some columns: %+v, %v", rows, err)
	}
	// A generic row embeds its row without a prefix, and a column its
	// outer row and its embedded row both name is the outer row's, as bun
	// reads it.
	var nested []counted[counted[pgInner]]
	if err := st.scan(ctx, &nested, "SELECT 'ada' AS name, CAST(7 AS bigint) AS list_total"); err != nil {
		t.Fatalf("nested: %v", err)
	}
	if want := (counted[counted[pgInner]]{Row: counted[pgInner]{Row: pgInner{Name: "ada"}}, ListTotal: 7}); len(nested) != 1 || nested[0] != want {
		t.Fatalf("nested = %+v, want %+v", nested, want)
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
	if err := st.scanOne(ctx, &got, "SELECT 1 AS nowhere"); err == nil || !strings.Contains(err.Error(), `"nowhere"`) {
		t.Fatalf("a column without a field: %v", err)
	}
	var scanned []scannedText
	if err := st.scan(ctx, &scanned, "SELECT 'x'"); err == nil {
		t.Fatal("a type that reads itself was read by a scanner of its kind")
	}
	if err := st.scanOne(ctx, &sum, "SELECT 1, 2"); err == nil {
		t.Fatal("two columns were read into one integer")
	}
	var tooSmall int8
	if err := st.scanOne(ctx, &tooSmall, "SELECT 300"); err == nil {
		t.Fatalf("300 was read into an int8 as %d", tooSmall)
	}
}

// A read on PostgreSQL's one pooled connection after reads that failed (no
// row, a value no field holds, a text the database refuses) runs on it, a
// statement is prepared once for the pool, and a connection the database
// dropped while it sat in the pool is replaced.
func TestPGQueryConnection(t *testing.T) {
	t.Parallel()
	admin := postgresURL(t)
	url := postgresSchemaURL(t)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	st := openDB(t, url+sep+"pool_max_conns=1").stmts
	ctx := t.Context()
	var n int64
	for range 3 {
		if err := st.scanOne(ctx, &n, "SELECT 1 WHERE FALSE"); !errors.Is(err, sql.ErrNoRows) {
			t.Fatalf("no row: %v", err)
		}
		var tiny int8
		if err := st.scanOne(ctx, &tiny, "SELECT 300"); err == nil {
			t.Fatal("300 was read into an int8")
		}
		if err := st.scanOne(ctx, &n, "SELECT no_such_column"); err == nil {
			t.Fatal("a refused text ran")
		}
	}
	if err := st.scanOne(ctx, &n, "SELECT pg_backend_pid()"); err != nil {
		t.Fatalf("after failures: %v", err)
	}
	// Each text kept was named once; the refused one on each try, since
	// no connection holds it.
	if got := st.pgNames.Load(); got != 6 {
		t.Fatalf("%d statements named, want 6: one for each of 3 texts kept, 3 for the refused one", got)
	}
	if got := st.kept(); got != 3 {
		t.Fatalf("%d texts kept, want 3", got)
	}

	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "SELECT pg_terminate_backend(CAST($1 AS integer))", n); err != nil {
		t.Fatalf("terminating the pool's connection: %v", err)
	}
	// database/sql checks a connection idle for more than a second
	// before it hands it out.
	time.Sleep(1100 * time.Millisecond)
	var again int64
	if err := st.scanOne(ctx, &again, "SELECT pg_backend_pid()"); err != nil || again == n {
		t.Fatalf("after the connection was dropped: backend %d (was %d), %v", again, n, err)
	}
}
