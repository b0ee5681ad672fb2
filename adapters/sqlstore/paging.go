package sqlstore

import (
	"context"
	"fmt"

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

// pageSpec describes a list read by readPage. Its texts are the callers'
// constants; values go in as placeholders' values, so that each shape of
// list is one prepared statement.
type pageSpec struct {
	op   string
	from string // the table expression, e.g. "posts AS p"
	// columns are the page's columns, and columnArgs the values of their
	// placeholders; the count reads none.
	columns    string
	columnArgs []any
	// where are the conditions shared by the page and the count, and args
	// the values of their placeholders.
	where []string
	args  []any
	order timeOrder
	// total, when set, names the list whose size list_counts keeps
	// (migration list_counts), with the subject's id: the page reads the
	// size with its rows, and nothing counts the list. It must select
	// exactly the rows where does.
	total *listTotal
}

// listTotal names one list of list_counts.
type listTotal struct {
	list, subject string
}

// totalSQL reads a list's size from list_counts; its placeholders are the
// list and the subject.
const totalSQL = "SELECT coalesce(max(items), 0) FROM list_counts WHERE list = ? AND subject = ?"

// totaled is a row type of a page that reads the list's size with each
// row (pageSpec.total), as counted does.
type totaled interface {
	listTotal() int64
}

// counted is a page's row R with the size of its list (pageSpec.total).
type counted[R any] struct {
	Row       R     `bun:"embed:"`
	ListTotal int64 `bun:"list_total"`
}

func (c *counted[R]) listTotal() int64 { return c.ListTotal }

// readPage reads the rows of w's page into R and tells whether rows follow
// and how many the whole selection holds. That is one prepared statement;
// a second one counts unless the page itself tells the total (a last
// offset page that is not past the end) or its rows carry it (a list of
// list_counts: from any row, and from list_counts alone past the end).
func readPage[R any](ctx context.Context, st *statements, w list.Window, s pageSpec) (rows []R, more bool, total int, err error) {
	if rows, err = scanPage[R](ctx, st, w, s); err != nil {
		return nil, false, 0, err
	}
	return finishPage(ctx, st, w, s, rows)
}

// readRows reads the rows of w's page of a list that shows no total into
// R, and tells whether rows follow: one prepared statement, and nothing
// counted.
func readRows[R any](ctx context.Context, st *statements, w list.Window, s pageSpec) (rows []R, more bool, err error) {
	if rows, err = scanPage[R](ctx, st, w, s); err != nil {
		return nil, false, err
	}
	if limit := w.Normal().Limit; len(rows) > limit {
		return rows[:limit], true, nil
	}
	return rows, false, nil
}

// scanPage runs the statement of w's page of s (pageQuery) into R, with
// the row past the page that tells whether more follow.
func scanPage[R any](ctx context.Context, st *statements, w list.Window, s pageSpec) ([]R, error) {
	if err := checkTotaled[R](s); err != nil {
		return nil, err
	}
	text, args, _ := pageQuery(st, w, s)
	rows := pageRows[R](w.Normal().Limit)
	if err := st.scan(ctx, &rows, text, args...); err != nil {
		return nil, internal(err, s.op)
	}
	return rows, nil
}

// checkTotaled refuses a row type that reads a list's total from
// list_counts for a spec that names none, or the other way round.
func checkTotaled[R any](s pageSpec) error {
	if _, ok := any(new(R)).(totaled); ok != (s.total != nil) {
		// A programming error: the page would read a total no row keeps,
		// or keep a total it never reads.
		return errs.New(errs.Internal, "sqlstore: "+s.op+": the row type and the list's total disagree")
	}
	return nil
}

// pageQuery is the statement of w's page of s and its values: those of
// the columns, of the conditions, of a keyset position, then the limit
// (and offset), with the direction of its order, "ASC" or "DESC", for a
// statement that reads it as a subquery to put its rows back in order.
// The page reads one row more than w.Limit, which tells that more follow.
func pageQuery(st *statements, w list.Window, s pageSpec) (text string, args []any, dir string) {
	w = w.Normal()
	dir, op := "ASC", ">"
	if s.order.desc {
		dir, op = "DESC", "<"
	}
	where := s.where
	columns := s.columns
	args = append([]any{}, s.columnArgs...)
	if s.total != nil {
		columns += ", (" + totalSQL + ") AS list_total"
		args = append(args, s.total.list, s.total.subject)
	}
	args = append(args, s.args...)
	limit := " LIMIT ? OFFSET ?"
	if w.After != nil {
		// The row comparison matches the ORDER BY, which both databases
		// evaluate as one range of the list's index.
		where = append(where[:len(where):len(where)], "("+s.order.at+", "+s.order.id+") "+op+" (?, ?)")
		args = append(args, st.time(w.After.At), w.After.ID.String(), w.Limit+1)
		limit = " LIMIT ?"
	} else {
		args = append(args, w.Limit+1, w.Offset())
	}
	return "SELECT " + columns + " FROM " + s.from + whereClause(where) +
		" ORDER BY " + s.order.at + " " + dir + ", " + s.order.id + " " + dir + limit, args, dir
}

// finishPage cuts the extra row pageQuery read off rows, and tells
// whether more follow and the list's total (see readPage), counting it
// with a statement of its own when neither the page nor its rows tell it.
func finishPage[R any](ctx context.Context, st *statements, w list.Window, s pageSpec, rows []R) ([]R, bool, int, error) {
	w = w.Normal()
	more := false
	if len(rows) > w.Limit {
		more, rows = true, rows[:w.Limit]
	}
	offset := w.Offset()
	if w.After == nil && !more && (len(rows) > 0 || offset == 0) {
		return rows, false, offset + len(rows), nil
	}
	if s.total != nil && len(rows) > 0 {
		return rows, more, int(any(&rows[0]).(totaled).listTotal()), nil
	}
	count, countArgs := "SELECT count(*) FROM "+s.from+whereClause(s.where), s.args
	if s.total != nil {
		count, countArgs = totalSQL, []any{s.total.list, s.total.subject}
	}
	var n int64
	if err := st.scanOne(ctx, &n, count, countArgs...); err != nil {
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

// pageRows is an empty slice with room for the rows of a page of limit
// items and the one more that tells whether more follow: bun appends each
// row it scans, and a slice grown from nothing, row by row, was a quarter
// of all the memory a list request allocated.
func pageRows[R any](limit int) []R {
	return make([]R, 0, limit+1)
}
