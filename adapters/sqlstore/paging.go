package sqlstore

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// timeOrder is a list's total order: a time column, then an id column in
// the same direction, so that offset pages never overlap and a keyset page
// (list.Window.After) continues strictly after a position while rows are
// added. Both columns are constants of the callers, never input.
type timeOrder struct {
	at, id string
	desc   bool
}

// page orders sel, keeps the rows of w's page and one more, which tells
// whether rows follow. w must be normal.
func (o timeOrder) page(sel *bun.SelectQuery, w list.Window) *bun.SelectQuery {
	dir, op := "ASC", ">"
	if o.desc {
		dir, op = "DESC", "<"
	}
	sel = sel.OrderExpr(o.at + " " + dir + ", " + o.id + " " + dir).Limit(int64(w.Limit + 1))
	if w.After != nil {
		// The row comparison matches the ORDER BY, which both databases
		// evaluate as one range of the list's index.
		return sel.Where("("+o.at+", "+o.id+") "+op+" (?, ?)", msTime(w.After.At), w.After.ID.String())
	}
	return sel.Offset(int64(w.Offset()))
}

// pageSpec describes a list read by readPage.
type pageSpec struct {
	op    string
	from  string // the table expression, e.g. "posts AS p"
	order timeOrder
	// columns adds the page's columns; the count reads none.
	columns func(*bun.SelectQuery) *bun.SelectQuery
	// filter adds the WHERE clauses, shared by the page and the count.
	filter func(*bun.SelectQuery) *bun.SelectQuery
}

// readPage reads the rows of w's page into R and tells whether rows follow
// and how many the whole selection holds. That is one statement, and a
// second one to count unless the page itself tells the total: a last
// offset page that is not past the end.
func readPage[R any](ctx context.Context, db bun.IDB, w list.Window, s pageSpec) (rows []R, more bool, total int, err error) {
	w = w.Normal()
	sel := s.order.page(s.columns(s.filter(db.NewSelect().TableExpr(s.from))), w)
	if err := sel.Scan(ctx, &rows); err != nil {
		return nil, false, 0, internal(err, s.op)
	}
	if len(rows) > w.Limit {
		more, rows = true, rows[:w.Limit]
	}
	offset := w.Offset()
	if w.After == nil && !more && (len(rows) > 0 || offset == 0) {
		return rows, false, offset + len(rows), nil
	}
	n, err := s.filter(db.NewSelect().TableExpr(s.from)).Count(ctx)
	if err != nil {
		return nil, false, 0, internal(err, "count: "+s.op)
	}
	return rows, more, int(n), nil
}

// idKeys returns the distinct ids as strings for an IN list, at most
// list.MaxIDs of them: callers pass the ids of a page or a batch, and the
// bound keeps a bug from becoming an unbounded statement.
func idKeys(ids []id.ID, op string) ([]string, error) {
	if len(ids) > list.MaxIDs {
		return nil, errs.New(errs.Internal, fmt.Sprintf("sqlstore: %s: %d ids, at most %d", op, len(ids), list.MaxIDs))
	}
	keys := make([]string, 0, len(ids))
	seen := make(map[id.ID]bool, len(ids))
	for _, x := range ids {
		if !seen[x] {
			seen[x] = true
			keys = append(keys, x.String())
		}
	}
	return keys, nil
}
