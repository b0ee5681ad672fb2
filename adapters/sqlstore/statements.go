package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"
)

// statements runs the hot paths' hand-written SQL as prepared statements:
// bun writes every value into the text of a statement, so each of its
// statements is new to the database, which parses and plans it again
// (SQLite) or prepares it again (pgx). A statement here keeps its values
// out of the text, as "?" placeholders, and is prepared once per pooled
// connection (database/sql does that on first use on each, and so does
// pgQuery for PostgreSQL's reads) and reused for the life of the pool.
//
// Only constant texts reach it (the callers build them from constants), so
// the cache holds as many statements as the code has texts.
type statements struct {
	bun      *bun.DB
	postgres bool
	// observe, when set, hears of each statement once it ran (see OnQuery).
	observe func(ctx context.Context, query string)

	mu    sync.RWMutex
	cache map[string]*sql.Stmt
	// lists holds the texts anyOf rewrote, by their text before.
	lists sync.Map
	// pgTexts holds PostgreSQL's named statement of each text (see
	// pgStatement), and pgNames counts the names given: PostgreSQL reads
	// its rows through pgx (see pgQuery).
	pgTexts sync.Map
	pgNames atomic.Int64
}

func newStatements(db *bun.DB, postgres bool, observe func(context.Context, string)) *statements {
	return &statements{bun: db, postgres: postgres, observe: observe, cache: map[string]*sql.Stmt{}}
}

// prepared returns the statement of query, preparing it on first use,
// outside the cache's lock: a preparation waits for a pooled connection,
// and the statements already prepared must not wait with it. Two first
// uses racing both prepare; one statement is kept and the other closed. A
// failed preparation is not cached: the next call tries again.
func (s *statements) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	s.mu.RLock()
	st := s.cache[query]
	s.mu.RUnlock()
	if st != nil {
		return st, nil
	}
	text := query
	if s.postgres {
		text = numberPlaceholders(query)
	}
	st, err := s.bun.DB.PrepareContext(ctx, text)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if kept := s.cache[query]; kept != nil {
		_ = st.Close()
		return kept, nil
	}
	s.cache[query] = st
	return st, nil
}

// scan runs query with args and scans all its rows into dest, a pointer to
// a slice of row structs or of scalars, the way bun scans a model (through
// pgx's own rows on PostgreSQL, see pgQuery).
func (s *statements) scan(ctx context.Context, dest any, query string, args ...any) error {
	if s.postgres {
		return s.pgQuery(ctx, dest, false, query, args)
	}
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return err
	}
	return s.bun.ScanRows(ctx, rows, dest)
}

// scanOne runs query with args and scans its first row into dest, a
// pointer to a row struct or a scalar; sql.ErrNoRows when there is none.
func (s *statements) scanOne(ctx context.Context, dest any, query string, args ...any) error {
	if s.postgres {
		return s.pgQuery(ctx, dest, true, query, args)
	}
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := s.bun.ScanRow(ctx, rows, dest); err != nil {
		return err
	}
	return rows.Close()
}

// query runs query with args through its prepared statement.
func (s *statements) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	s.ran(ctx, query, args)
	return rows, err
}

// exec runs a statement that returns no rows.
func (s *statements) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	res, err := st.ExecContext(ctx, args...)
	s.ran(ctx, query, args)
	return res, err
}

// ran tells the observer of a statement that ran, with its values written
// into its text as bun writes them, so that it reads like bun's (tests
// count them, and replay them with EXPLAIN).
func (s *statements) ran(ctx context.Context, query string, args []any) {
	if s.observe != nil {
		s.observe(ctx, s.bun.QueryGen().FormatQuery(query, args...))
	}
}

// time is t as a placeholder's value: milliseconds in SQLite, a timestamp
// in PostgreSQL, as msTime writes them into bun's statements.
func (s *statements) time(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Millisecond)
	if s.postgres {
		return t
	}
	return t.UnixMilli()
}

// byDialect builds a statement's text for each dialect (postgres or not),
// for the statements whose text differs between the two; the caller picks
// one by statements.postgres.
func byDialect(text func(postgres bool) string) map[bool]string {
	return map[bool]string{false: text(false), true: text(true)}
}

// idListPlaceholder stands for a list of ids in a statement's text, as
// "column IN " + idListPlaceholder; anyOf rewrites it for the dialect and
// list gives the matching value, so that one prepared statement serves
// lists of every length.
const idListPlaceholder = "(<ids>)"

// anyOf rewrites the id list of query for the dialect: SQLite reads a JSON
// array, PostgreSQL an array of the id columns' type, char(24): compared
// with a text[] the column would be cast to text and its index unused.
// The rewritten texts are kept, as few as the code's texts, so that a
// request does not rewrite its statement again.
func (s *statements) anyOf(query string) string {
	if text, ok := s.lists.Load(query); ok {
		return text.(string)
	}
	var text string
	if s.postgres {
		text = strings.Replace(query, " IN "+idListPlaceholder, " = ANY(?::char(24)[])", 1)
	} else {
		text = strings.Replace(query, idListPlaceholder, "(SELECT value FROM json_each(?))", 1)
	}
	s.lists.Store(query, text)
	return text
}

// list is the value of an id list (see anyOf).
func (s *statements) list(keys []string) any {
	if s.postgres {
		return keys
	}
	b, _ := json.Marshal(keys) // strings always marshal
	return string(b)
}

// close releases every statement.
func (s *statements) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for q, st := range s.cache {
		_ = st.Close()
		delete(s.cache, q)
	}
}

// numberPlaceholders turns the "?" placeholders of query into PostgreSQL's
// $1, $2, ... The texts are the package's own and hold no "?" in a string
// literal or an operator.
func numberPlaceholders(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for _, r := range query {
		if r != '?' {
			b.WriteRune(r)
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}
