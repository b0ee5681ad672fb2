package sqlstore

import (
	"context"
	"math"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/video"
)

// List returns one page of the videos q selects, in one prepared
// statement, or two where a window does not answer (see readList). Pages are either offset pages (Page) or keyset
// pages (After): a keyset page continues strictly after a position in the
// list's total order (sort column, then id in the same direction), so
// videos added since the previous page neither repeat nor push items out
// of the walk.
func (r *videos) List(ctx context.Context, q video.Query) (video.Page, error) {
	page, _, err := r.readList(ctx, q, nil)
	return page, err
}

// sortColumn maps a sort field to its column; the zero field is the
// default order, by upload time. Only these constants reach the SQL.
func sortColumn(f video.SortField) (string, error) {
	switch f {
	case video.SortCreatedAt, "":
		return "created_at", nil
	case video.SortViews:
		return "views", nil
	case video.SortDuration:
		return "duration", nil
	case video.SortTitle:
		// The column is COLLATE "C" in PostgreSQL and BINARY in SQLite:
		// byte-wise in both.
		return "title", nil
	}
	return "", errs.New(errs.Internal, "sqlstore: list videos: unknown sort field "+string(f))
}

// clampLimit keeps a list limit within 1..video.MaxLimit; callers validate
// their input, this only keeps a bad value from becoming a huge read.
func clampLimit(limit int) int {
	return min(max(limit, 1), video.MaxLimit)
}

// maxPage bounds page numbers so that the offset cannot overflow; any page
// that large is past the end of every list anyway.
const maxPage = math.MaxInt32

// pageOffset returns the offset of a 1-based page; pages below 1 are the
// first.
func pageOffset(page, limit int) int {
	return (min(max(page, 1), maxPage) - 1) * limit
}
