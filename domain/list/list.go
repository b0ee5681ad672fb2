// Package list holds what every paginated list of the core shares: the
// bound on a page, a window into a list (a page number or a position to
// continue after), and a page of results.
package list

import (
	"math"
	"time"

	"github.com/stagecast/stagecast/domain/id"
)

// MaxLimit bounds every page.
const MaxLimit = 100

// MaxIDs is the most ids a repository reads or changes in one call (ByIDs,
// Counts, RemoveAll, ...): callers pass the ids of a page or of a batch,
// and the bound keeps a bug from becoming an unbounded read. A larger set
// is an internal error, so callers with more split them in batches.
const MaxIDs = 1000

// MaxPage bounds page numbers so that offsets cannot overflow; any page
// that large is past the end of every list anyway.
const MaxPage = math.MaxInt32

// Position is the place of an item in a list ordered by time, for keyset
// pagination: the item's time, and its id, which breaks ties in the same
// direction, so that the order is total.
type Position struct {
	At time.Time
	ID id.ID
}

// Window selects one page of a list: either the page numbered Page (from
// 1) or, when After is set, the Limit items that follow After.
type Window struct {
	Limit int
	Page  int
	After *Position
}

// Normal returns w with its limit within 1..MaxLimit and its page within
// 1..MaxPage, as stores read it.
func (w Window) Normal() Window {
	w.Limit = min(max(w.Limit, 1), MaxLimit)
	w.Page = min(max(w.Page, 1), MaxPage)
	return w
}

// Offset is the number of items before the window's page; 0 with After.
func (w Window) Offset() int {
	if w.After != nil {
		return 0
	}
	n := w.Normal()
	return (n.Page - 1) * n.Limit
}

// Page is one page of a list.
type Page[T any] struct {
	Items []T
	// Total counts the items of the whole list, whatever the page.
	Total int
	// More tells whether items follow the last one of the page.
	More bool
}
