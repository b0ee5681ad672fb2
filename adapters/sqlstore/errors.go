package sqlstore

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/stagecast/stagecast/domain/errs"
)

// SQLSTATEs of PostgreSQL constraint violations.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

// uniqueViolation reports which constraint a duplicate-key error broke. For
// PostgreSQL that is the constraint name; SQLite does not report index
// names, so there it is the "table.column" list from the message, which the
// schema keeps stable just the same.
func uniqueViolation(err error) (constraint string, ok bool) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.ConstraintName, pgErr.Code == pgUniqueViolation
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		switch liteErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return sqliteConstraint(liteErr.Error()), true
		}
	}
	return "", false
}

// foreignKeyViolation reports whether err is a write that referenced a
// missing row. Neither database says reliably which reference it was, so
// callers map it only where they know which one can go missing.
func foreignKeyViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == pgForeignKeyViolation
	}
	var liteErr *sqlite.Error
	return errors.As(err, &liteErr) && liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// sqliteConstraint extracts "users.email" from
// "constraint failed: UNIQUE constraint failed: users.email (2067)".
func sqliteConstraint(msg string) string {
	const marker = "constraint failed: "
	i := strings.LastIndex(msg, marker)
	if i < 0 {
		return ""
	}
	msg = msg[i+len(marker):]
	if j := strings.Index(msg, " ("); j >= 0 {
		msg = msg[:j]
	}
	return msg
}

// mapNoRows turns a missing row into notFound and anything else into an
// internal error; op names the operation for the logs.
func mapNoRows(err error, notFound *errs.Error, op string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	return internal(err, op)
}

// internal hides a driver error behind an Internal error.
func internal(err error, op string) error {
	return errs.Wrap(err, "sqlstore: "+op)
}

// mustAffect reports notFound when a write matched no row.
func mustAffect(res sql.Result, notFound error, op string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return internal(err, op)
	}
	if n == 0 {
		return notFound
	}
	return nil
}
