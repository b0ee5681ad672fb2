package sqlstore

import (
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// forUpdate locks the rows q reads until the transaction ends. PostgreSQL
// takes row locks with FOR UPDATE; SQLite has no such clause and needs
// none, as its transactions take the database's write lock at BEGIN
// (_txlock=immediate in the DSN).
func forUpdate(q *bun.SelectQuery) *bun.SelectQuery {
	if q.Dialect().Name() == dialect.PG {
		return q.For("UPDATE")
	}
	return q
}
