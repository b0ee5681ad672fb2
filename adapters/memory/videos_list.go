package memory

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/domain/video"
)

// List returns one page of the videos q selects, in the same total order as
// the SQL stores: the sort field, then the id, both in q's direction.
func (r *Videos) List(ctx context.Context, q video.Query) (video.Page, error) {
	if err := ctx.Err(); err != nil {
		return video.Page{}, errs.Wrap(err, "memory: list videos")
	}
	compare, err := videoOrder(q.Sort)
	if err != nil {
		return video.Page{}, err
	}
	limit := clampLimit(q.Limit)
	needle := strings.ToLower(q.Search)
	// The followed users are read first, on their own: a follow added
	// between that read and the scan of the videos reads as one added
	// after the list, which a SQL read can see as well.
	var followed map[id.ID]bool
	if !q.FollowedBy.IsZero() {
		followed = r.social.followedBy(q.FollowedBy)
	}

	r.mu.RLock()
	var found []storedVideo
	for _, s := range r.byID {
		if matches(s, q, needle) && (followed == nil || followed[s.Owner]) {
			found = append(found, s)
		}
	}
	r.mu.RUnlock()

	dir := 1
	if q.Desc {
		dir = -1
	}
	slices.SortFunc(found, func(a, b storedVideo) int { return dir * compare(a.Stored, b.Stored) })
	total := len(found)
	if q.After != nil {
		after := positionStored(*q.After)
		// The first video strictly after the position in this order.
		i, _ := slices.BinarySearchFunc(found, after, func(s storedVideo, p video.Stored) int {
			if c := dir * compare(s.Stored, p); c != 0 {
				return c
			}
			return -1
		})
		found = found[i:]
	} else {
		found = found[min(pageOffset(q.Page, limit), len(found)):]
	}
	page := video.Page{Items: make([]*video.Video, 0, min(len(found), limit)), Total: total, More: len(found) > limit}
	for _, s := range found[:min(len(found), limit)] {
		page.Items = append(page.Items, s.video())
	}
	return page, nil
}

// matches applies q's filters to s; needle is the lowered search text.
// Search is a literal substring, and a needle with NUL or invalid UTF-8
// matches nothing, as in SQL where no stored text can hold them.
func matches(s storedVideo, q video.Query, needle string) bool {
	switch {
	case !q.Owner.IsZero() && s.Owner != q.Owner:
		return false
	case q.PublishedOnly && !s.Published:
		return false
	case !text.Storable(q.Search):
		return false
	}
	return strings.Contains(s.search, needle)
}

// videoOrder returns the ascending order of a sort field, ties broken by
// id; the zero field is the default, by upload time. Titles compare
// byte-wise, as the SQL stores' "C"/BINARY collations do.
func videoOrder(f video.SortField) (func(a, b video.Stored) int, error) {
	var field func(a, b video.Stored) int
	switch f {
	case video.SortCreatedAt, "":
		field = func(a, b video.Stored) int { return a.CreatedAt.Compare(b.CreatedAt) }
	case video.SortViews:
		field = func(a, b video.Stored) int { return cmp.Compare(a.Views, b.Views) }
	case video.SortDuration:
		field = func(a, b video.Stored) int { return cmp.Compare(a.Duration, b.Duration) }
	case video.SortTitle:
		field = func(a, b video.Stored) int { return strings.Compare(a.Title, b.Title) }
	default:
		return nil, errs.New(errs.Internal, "memory: list videos: unknown sort field "+string(f))
	}
	return func(a, b video.Stored) int {
		if c := field(a, b); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	}, nil
}

// positionStored puts a list position in the shape the orders compare, at
// the stores' precision.
func positionStored(p video.Position) video.Stored {
	return video.Stored{ID: p.ID, CreatedAt: msUTC(p.CreatedAt), Views: p.Views, Duration: p.Duration, Title: p.Title}
}

// clampLimit keeps a list limit within 1..video.MaxLimit, as sqlstore does.
func clampLimit(limit int) int {
	return min(max(limit, 1), video.MaxLimit)
}

// pageOffset returns the offset of a 1-based page (pages below 1 are the
// first), bounded as in sqlstore so that it cannot overflow.
func pageOffset(page, limit int) int {
	return (min(max(page, 1), math.MaxInt32) - 1) * limit
}
