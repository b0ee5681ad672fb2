package v1

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/video"
	"github.com/stagecast/stagecast/ports/http/web"
)

// paginated is the list object of /api/v1 (mongoose-aggregate-paginate's
// shape, in its key order) plus nextCursor, which continues the list by
// position rather than by page number.
type paginated[T any] struct {
	Docs          []T     `json:"docs"`
	TotalDocs     int     `json:"totalDocs"`
	Limit         int     `json:"limit"`
	Page          int     `json:"page"`
	TotalPages    int     `json:"totalPages"`
	PagingCounter int     `json:"pagingCounter"`
	HasPrevPage   bool    `json:"hasPrevPage"`
	HasNextPage   bool    `json:"hasNextPage"`
	PrevPage      *int    `json:"prevPage"`
	NextPage      *int    `json:"nextPage"`
	NextCursor    *string `json:"nextCursor"`
}

// paginate builds the list object. With a cursor the page numbers do not
// apply: hasNextPage follows the cursor and the page links are null.
func paginate[T any](docs []T, total, page, limit int, nextCursor string, byCursor bool) paginated[T] {
	if docs == nil {
		docs = []T{}
	}
	p := paginated[T]{Docs: docs, TotalDocs: total, Limit: limit, Page: page,
		TotalPages: max(1, (total+limit-1)/limit), PagingCounter: (page-1)*limit + 1}
	if nextCursor != "" {
		p.NextCursor = &nextCursor
	}
	if byCursor {
		p.HasPrevPage, p.HasNextPage = true, nextCursor != ""
		return p
	}
	if page > 1 {
		prev := page - 1
		p.HasPrevPage, p.PrevPage = true, &prev
	}
	if page < p.TotalPages {
		next := page + 1
		p.HasNextPage, p.NextPage = true, &next
	}
	return p
}

// maxPage bounds page numbers: any page past it is past the end of every
// list, and the offsets it gives fit every store's integers.
const maxPage = math.MaxInt32

// pageQuery reads page and limit as pageParams does, once no value of
// either holds what no text field may (a control character, invalid
// UTF-8); such a value is a 400, as on every other route.
func (h *handler) pageQuery(w http.ResponseWriter, r *http.Request) (page, limit int, ok bool) {
	return h.pageQueryOr(w, r, defaultLimit)
}

// Page sizes when the client asks for none: the reference's lists give 10;
// the lists it gave whole (liked videos, a user's playlists) give as many
// as a page may hold, so that its clients, which send no limit there, see
// as much as they can.
const (
	defaultLimit = 10
	wholeLimit   = video.MaxLimit
)

// pageQueryOr is pageQuery with another default page size.
func (h *handler) pageQueryOr(w http.ResponseWriter, r *http.Request, defLimit int) (page, limit int, ok bool) {
	q := r.URL.Query()
	for _, name := range []string{"page", "limit"} {
		for _, v := range q[name] {
			if problem := text.Problem(v, false); problem != "" {
				web.Error(w, r, h.log, errs.InvalidFields(errs.FieldError{Field: name, Message: problem}))
				return 0, 0, false
			}
		}
	}
	page, limit = pageParams(r, defLimit)
	return page, limit, true
}

// pageParams reads page and limit as the reference's lists do, leniently:
// a sign is dropped, anything unreadable is the default (defLimit for the
// limit), page is at most maxPage and limit at most 100.
func pageParams(r *http.Request, defLimit int) (page, limit int) {
	q := r.URL.Query()
	page = leadingInt(q.Get("page"))
	if page < 0 {
		page = -page
	}
	if page == 0 {
		page = 1
	}
	limit = leadingInt(q.Get("limit"))
	if limit <= 0 {
		limit = defLimit
	}
	return min(page, maxPage), min(limit, video.MaxLimit)
}

// leadingInt parses the integer at the start of s, as parseInt does
// ("2abc" is 2, "2.9" is 2); 0 when there is none.
func leadingInt(s string) int {
	s = strings.TrimSpace(s)
	end := 0
	if end < len(s) && (s[end] == '-' || s[end] == '+') {
		end++
	}
	for end < len(s) && s[end] >= '0' && s[end] <= '9' && end < 10 {
		end++
	}
	n, _ := strconv.Atoi(s[:end])
	return n
}
