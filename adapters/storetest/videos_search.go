package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// searchSet holds titles and descriptions full of what LIKE and regular
// expressions treat as special, so that only a literal match passes. Video
// n is created n seconds in, so the default test order is by number.
func searchSet(a, b id.ID) []*video.Video {
	return []*video.Video{
		newVideo(vid{n: 1, owner: a, published: true, title: "Cats (2019)"}),
		newVideo(vid{n: 2, owner: a, title: "100% real", desc: ptr("no wildcards here")}),
		newVideo(vid{n: 3, owner: b, published: true, title: "snake_case tips", desc: ptr("ÉCOLE de danse")}),
		newVideo(vid{n: 4, owner: b, published: true, title: "Plain", desc: ptr(`back\slash and .* regex`)}),
		newVideo(vid{n: 5, owner: a, published: true, title: "École", desc: ptr("cats everywhere")}),
		newVideo(vid{n: 6, owner: b, title: "100 percent", desc: ptr("snakecase")}),
		newVideo(vid{n: 7, owner: a, published: true, title: "Title!", desc: ptr("")}),
		newVideo(vid{n: 8, owner: b, published: true, title: "x", desc: ptr("1000 real")}),
	}
}

func testVideoSearch(t *testing.T, newRepos func(t *testing.T) (user.Repository, video.Repository)) {
	t.Run("ListSearchIsLiteralAndCaseInsensitive", func(t *testing.T) {
		users, videos := newRepos(t)
		a, b := mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID()
		mustCreateSearchSet(t, videos, a, b)
		cases := []struct {
			search string
			want   []int
		}{
			{"", []int{1, 2, 3, 4, 5, 6, 7, 8}},
			{"(", []int{1}},    // a regular expression would not compile
			{"s (2", []int{1}}, //
			{"%", []int{2}},    // LIKE wildcards match themselves
			{"0%", []int{2}},   //
			{"_", []int{3}},    //
			{"e_c", []int{3}},  //
			{`\`, []int{4}},    // and so does the escape character
			{`k\s`, []int{4}},  //
			{"!", []int{7}},    // sqlstore's escape character
			{".*", []int{4}},   // regular expression syntax is text
			{"CATS", []int{1, 5}},
			{"cAtS eVeRy", []int{5}},          // in the description
			{"école", []int{3, 5}},            // non-ASCII folds the same in every store
			{"ÉCOLE", []int{3, 5}},            //
			{"real", []int{2, 8}},             // title of one, description of the other
			{"nothing matches this", nil},     //
			{"title\x00", nil},                // NUL cannot be stored, so it matches nothing
			{" ", []int{1, 2, 3, 4, 5, 6, 8}}, // whitespace is text too
		}
		for _, c := range cases {
			what := fmt.Sprintf("search %q", c.search)
			page := mustList(t, videos, video.Query{Search: c.search, Limit: 100, Page: 1}, what)
			wantVideos(t, page.Items, c.want, what)
			wantPage(t, page, len(c.want), false, what)
		}
	})

	testVideoSearchIndex(t, newRepos)

	t.Run("ListFiltersCombined", func(t *testing.T) {
		users, videos := newRepos(t)
		a, b := mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID()
		mustCreateSearchSet(t, videos, a, b)
		cases := []struct {
			name string
			q    video.Query
			want []int
		}{
			{"owner a", video.Query{Owner: a}, []int{1, 2, 5, 7}},
			{"owner b", video.Query{Owner: b}, []int{3, 4, 6, 8}},
			{"published", video.Query{PublishedOnly: true}, []int{1, 3, 4, 5, 7, 8}},
			{"owner a published", video.Query{Owner: a, PublishedOnly: true}, []int{1, 5, 7}},
			{"owner a published cats", video.Query{Owner: a, PublishedOnly: true, Search: "CATS"}, []int{1, 5}},
			{"owner b 100", video.Query{Owner: b, Search: "100"}, []int{6, 8}},
			{"owner b published 100", video.Query{Owner: b, PublishedOnly: true, Search: "100"}, []int{8}},
			{"owner b published percent", video.Query{Owner: b, PublishedOnly: true, Search: "percent"}, nil},
			{"published real", video.Query{PublishedOnly: true, Search: "real"}, []int{8}},
			{"unknown owner", video.Query{Owner: testID(99)}, nil},
		}
		for _, c := range cases {
			c.q.Limit, c.q.Page = 100, 1
			page := mustList(t, videos, c.q, c.name)
			wantVideos(t, page.Items, c.want, c.name)
			wantPage(t, page, len(c.want), false, c.name)

			// Paged one at a time, Total still counts every match.
			c.q.Limit, c.q.Desc = 1, true
			for i := range c.want {
				c.q.Page = i + 1
				page := mustList(t, videos, c.q, c.name)
				wantVideos(t, page.Items, c.want[len(c.want)-1-i:len(c.want)-i], fmt.Sprintf("%s page %d", c.name, c.q.Page))
				wantPage(t, page, len(c.want), i < len(c.want)-1, fmt.Sprintf("%s page %d", c.name, c.q.Page))
			}
		}
	})
}

// testVideoSearchIndex checks that search finds exactly the videos that
// hold the needle whichever way a store narrows the rows, in every order
// and page, and follows writes.
func testVideoSearchIndex(t *testing.T, newRepos func(t *testing.T) (user.Repository, video.Repository)) {
	t.Run("SearchCorpus", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		published := map[int]bool{}
		for n := 1; n < len(searchCorpus); n++ {
			c := searchCorpus[n]
			published[n] = n%3 != 0
			mustCreateVideos(t, videos, newVideo(vid{
				n: n, owner: owner, published: published[n], title: c.first, desc: ptr(c.second),
				created: time.Duration(n) * time.Second,
			}))
		}
		for _, c := range searchCorpusCases {
			what := fmt.Sprintf("search %q", c.needle)
			page := mustList(t, videos, video.Query{Search: c.needle, Limit: 100, Page: 1}, what)
			wantVideos(t, page.Items, c.want, what)
			wantPage(t, page, len(c.want), false, what)

			// The published ones, newest first, one a page: every page
			// but the last counts the total.
			var want []int
			for _, n := range slices.Backward(c.want) {
				if published[n] {
					want = append(want, n)
				}
			}
			q := video.Query{Search: c.needle, PublishedOnly: true, Desc: true, Limit: 1}
			for i := range want {
				q.Page = i + 1
				what := fmt.Sprintf("search %q published page %d", c.needle, q.Page)
				page := mustList(t, videos, q, what)
				wantVideos(t, page.Items, want[i:i+1], what)
				wantPage(t, page, len(want), i < len(want)-1, what)
			}
			q.Page = len(want) + 1
			what = fmt.Sprintf("search %q published past the end", c.needle)
			page = mustList(t, videos, q, what)
			wantVideos(t, page.Items, nil, what)
			wantPage(t, page, len(want), false, what)
		}
	})

	t.Run("SearchOrdersAndCursors", func(t *testing.T) {
		users, videos := newRepos(t)
		a, b := mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID()
		for n := 1; n < len(searchCorpus); n++ {
			c := searchCorpus[n]
			owner := a
			if n%2 == 0 {
				owner = b
			}
			mustCreateVideos(t, videos, newVideo(vid{
				n: n, owner: owner, published: true, title: c.first, desc: ptr(c.second),
				created: time.Duration(n) * time.Second, views: int64(n % 4), duration: float64(20 - n),
			}))
		}
		cases := []struct {
			name string
			q    video.Query
			want []int
		}{
			{"by title", video.Query{Search: "THE", Sort: video.SortTitle}, []int{15, 14, 13, 16}},
			{"by title desc", video.Query{Search: "the", Sort: video.SortTitle, Desc: true}, []int{16, 13, 14, 15}},
			{"by views", video.Query{Search: "the", Sort: video.SortViews}, []int{16, 13, 14, 15}},
			{"by duration", video.Query{Search: "the", Sort: video.SortDuration}, []int{16, 15, 14, 13}},
			{"owner a", video.Query{Search: "the", Owner: a}, []int{13, 15}},
			{"owner b short", video.Query{Search: "é", Owner: b}, []int{12, 16}},
			{"owner b, two characters", video.Query{Search: "th", Owner: b, Desc: true}, []int{16, 14, 2}},
		}
		for _, c := range cases {
			c.q.Limit, c.q.Page = 100, 1
			page := mustList(t, videos, c.q, c.name)
			wantVideos(t, page.Items, c.want, c.name)
			wantPage(t, page, len(c.want), false, c.name)

			// By cursor, two a page; a cursor's page counts the total.
			c.q.Limit, c.q.Page = 2, 0
			visited := walk(t, videos, c.q, func(int) {})
			wantVideos(t, visited, c.want, c.name+" walked")
		}
	})

	t.Run("SearchFollowsWrites", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		v := newVideo(vid{n: 1, owner: owner, published: true, title: "Alpha Bravo", desc: ptr("Charlie")})
		other := newVideo(vid{n: 2, owner: owner, published: true, title: "Other", desc: ptr("alpha too"), created: time.Second})
		mustCreateVideos(t, videos, v, other)
		find := func(needle string, want ...int) {
			t.Helper()
			what := fmt.Sprintf("search %q", needle)
			page := mustList(t, videos, video.Query{Search: needle, Limit: 10, Page: 1}, what)
			wantVideos(t, page.Items, want, what)
			wantPage(t, page, len(want), false, what)
		}
		find("alpha", 1, 2)
		find("bravo", 1)
		find("charlie", 1)
		find("al", 1, 2)

		v = withVideo(v, func(s *video.Stored) { s.Title = "Delta Echo" })
		mustNil(t, putVideo(t.Context(), videos, v), "Update title")
		find("bravo")
		find("alpha", 2)
		find("delta", 1)
		find("charlie", 1)

		v = withVideo(v, func(s *video.Stored) { s.Description = ptr("Foxtrot") })
		mustNil(t, putVideo(t.Context(), videos, v), "Update description")
		find("charlie")
		find("foxtrot", 1)
		find("delta", 1)

		v = withVideo(v, func(s *video.Stored) { s.Description = nil })
		mustNil(t, putVideo(t.Context(), videos, v), "Update description to none")
		find("foxtrot")
		find("echo", 1)

		// A write that leaves the text as it was keeps the video found.
		v = withVideo(v, func(s *video.Stored) { s.Published = false })
		mustNil(t, putVideo(t.Context(), videos, v), "Update published")
		find("delta", 1)

		mustNil(t, videos.Delete(t.Context(), v.ID()), "Delete")
		find("delta")
		find("de")
		find("alpha", 2)
		again := newVideo(vid{n: 3, owner: owner, title: "Delta again", created: 2 * time.Second})
		mustCreateVideos(t, videos, again)
		find("delta", 3)
	})
}

func mustCreateSearchSet(t *testing.T, videos video.Repository, a, b id.ID) {
	t.Helper()
	for _, v := range searchSet(a, b) {
		n := videoNums(t, []*video.Video{v})[0]
		mustCreateVideos(t, videos, withVideo(v, func(s *video.Stored) {
			s.CreatedAt = at(time.Duration(n) * time.Second)
		}))
	}
}
