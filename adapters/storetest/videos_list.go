package storetest

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// sortCase is one sort of the sorting set with its expected ascending
// order; descending is its exact reverse, since ties are broken by id in
// the list's own direction.
type sortCase struct {
	sort video.SortField
	asc  []int
}

// sortingSet has a tie in every sort field, so each order shows its
// tie-break; its titles show that titles compare byte-wise ("B" < "Zed" <
// "a" < "École").
func sortingSet(owner id.ID) []*video.Video {
	return []*video.Video{
		newVideo(vid{n: 1, owner: owner, created: time.Second, views: 5, duration: 10.5, title: "b", published: true}),
		newVideo(vid{n: 2, owner: owner, created: time.Second, views: 5, duration: 3.25, title: "B", published: true}),
		newVideo(vid{n: 3, owner: owner, created: 2 * time.Second, views: 0, duration: 10.5, title: "a", published: true}),
		newVideo(vid{n: 4, owner: owner, created: 0, views: 7, duration: 0, title: "b", published: true}),
		newVideo(vid{n: 5, owner: owner, created: 3 * time.Second, views: 0, duration: 99, title: "École", published: true}),
		newVideo(vid{n: 6, owner: owner, created: 2 * time.Second, views: 7, duration: 3.25, title: "Zed", published: true}),
	}
}

var sortCases = []sortCase{
	{video.SortCreatedAt, []int{4, 1, 2, 3, 6, 5}},
	{"", []int{4, 1, 2, 3, 6, 5}}, // the zero field sorts by upload time
	{video.SortViews, []int{3, 5, 1, 2, 4, 6}},
	{video.SortDuration, []int{4, 2, 6, 1, 3, 5}},
	{video.SortTitle, []int{2, 6, 3, 1, 4, 5}},
}

func testVideoLists(t *testing.T, newRepos func(t *testing.T) (user.Repository, video.Repository)) {
	t.Run("ListSortsWithTies", func(t *testing.T) {
		users, videos := newRepos(t)
		mustCreateVideos(t, videos, sortingSet(mustCreateUser(t, users, 1).ID())...)
		for _, c := range sortCases {
			for _, desc := range []bool{false, true} {
				want := c.asc
				if desc {
					want = slices.Clone(c.asc)
					slices.Reverse(want)
				}
				what := fmt.Sprintf("sort %q desc=%v", c.sort, desc)
				q := video.Query{Sort: c.sort, Desc: desc, Limit: video.MaxLimit, Page: 1}
				page := mustList(t, videos, q, what)
				wantVideos(t, page.Items, want, what)
				wantPage(t, page, 6, false, what)

				// The same order two at a time, by page number and by cursor.
				var byPage, byCursor []*video.Video
				q.Limit = 2
				for q.Page = 1; q.Page <= 3; q.Page++ {
					page := mustList(t, videos, q, what)
					wantPage(t, page, 6, q.Page < 3, fmt.Sprintf("%s page %d", what, q.Page))
					byPage = append(byPage, page.Items...)
				}
				wantVideos(t, byPage, want, what+" by page")
				q.Page = 1
				for range 3 {
					page := mustList(t, videos, q, what)
					byCursor = append(byCursor, page.Items...)
					wantPage(t, page, 6, len(byCursor) < 6, fmt.Sprintf("%s after %d", what, len(byCursor)-len(page.Items)))
					pos := video.PositionOf(page.Items[len(page.Items)-1])
					q.After = &pos
				}
				wantVideos(t, byCursor, want, what+" by cursor")
				page = mustList(t, videos, q, what)
				wantVideos(t, page.Items, nil, what+" after the last")
				wantPage(t, page, 6, false, what+" after the last")
			}
		}
	})

	t.Run("ListPages", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		for n := 1; n <= 7; n++ {
			mustCreateVideos(t, videos, newVideo(vid{n: n, owner: owner, created: time.Duration(n) * time.Second}))
		}
		newest := video.Query{Sort: video.SortCreatedAt, Desc: true, Limit: 3}
		cases := []struct {
			page, limit int
			want        []int
			more        bool
		}{
			{1, 3, []int{7, 6, 5}, true},
			{2, 3, []int{4, 3, 2}, true},
			{3, 3, []int{1}, false},
			{4, 3, nil, false},            // past the end: empty, the total still counted
			{math.MaxInt, 3, nil, false},  // no offset overflow
			{0, 3, []int{7, 6, 5}, true},  // pages below 1 are the first
			{-3, 3, []int{7, 6, 5}, true}, //
			{2, 7, nil, false},            // a page that ends exactly at the end
			{1, 7, []int{7, 6, 5, 4, 3, 2, 1}, false},
			{1, 0, []int{7}, true},  // limits below 1 are 1
			{3, -5, []int{5}, true}, //
			{1, 6, []int{7, 6, 5, 4, 3, 2}, true},
		}
		for _, c := range cases {
			q := newest
			q.Page, q.Limit = c.page, c.limit
			what := fmt.Sprintf("page %d limit %d", c.page, c.limit)
			page := mustList(t, videos, q, what)
			wantVideos(t, page.Items, c.want, what)
			wantPage(t, page, 7, c.more, what)
		}
	})

	t.Run("ListLimitAtMost100", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		for n := 1; n <= video.MaxLimit+1; n++ {
			mustCreateVideos(t, videos, newVideo(vid{n: n, owner: owner, created: time.Duration(n) * time.Millisecond}))
		}
		page := mustList(t, videos, video.Query{Sort: video.SortCreatedAt, Limit: 1000, Page: 1}, "limit 1000")
		if len(page.Items) != video.MaxLimit {
			t.Fatalf("limit 1000 returned %d videos, want %d", len(page.Items), video.MaxLimit)
		}
		wantPage(t, page, video.MaxLimit+1, true, "limit 1000")
	})

	t.Run("ListUnknownSort", func(t *testing.T) {
		_, videos := newRepos(t)
		_, err := videos.List(t.Context(), video.Query{Sort: "likes", Limit: 10, Page: 1})
		if err == nil || errs.KindOf(err) != errs.Internal {
			t.Fatalf("List with an unknown sort = %v, want an Internal error", err)
		}
	})
}

func mustList(t *testing.T, repo video.Repository, q video.Query, what string) video.Page {
	t.Helper()
	page, err := repo.List(t.Context(), q)
	mustNil(t, err, "List "+what)
	if page.Items == nil {
		t.Fatalf("List %s: nil Items, want an empty slice", what)
	}
	return page
}

func wantPage(t *testing.T, page video.Page, total int, more bool, what string) {
	t.Helper()
	if page.Total != total || page.More != more {
		t.Fatalf("%s: Total %d More %v, want Total %d More %v", what, page.Total, page.More, total, more)
	}
}
