package storetest

import (
	"fmt"
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

func mustCreateSearchSet(t *testing.T, videos video.Repository, a, b id.ID) {
	t.Helper()
	for _, v := range searchSet(a, b) {
		n := videoNums(t, []*video.Video{v})[0]
		mustCreateVideos(t, videos, withVideo(v, func(s *video.Stored) {
			s.CreatedAt = at(time.Duration(n) * time.Second)
		}))
	}
}
