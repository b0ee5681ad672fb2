package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/video"
)

// TestVideoSocial checks what video.Repository offers the social features:
// ByIDs, Totals and the subscription feed (Query.FollowedBy). newStore
// returns fresh, empty repositories of one store each time it is called.
func TestVideoSocial(t *testing.T, newStore func(t *testing.T) Social) {
	t.Run("ByIDs", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		owner := mustUsers(t, s, 1)[0]
		one, three := newVideo(vid{n: 101, owner: owner, published: true}), newVideo(vid{n: 103, owner: owner, views: 9})
		mustCreateVideos(t, s.Videos, one, newVideo(vid{n: 102, owner: owner}), three)
		got, err := s.Videos.ByIDs(t.Context(), []id.ID{three.ID(), testID(199), one.ID(), three.ID()})
		mustNil(t, err, "ByIDs")
		if len(got) != 2 {
			t.Fatalf("ByIDs returned %d videos, want 2: %v", len(got), got)
		}
		wantSameVideo(t, got[one.ID()], one, "ByIDs 101")
		wantSameVideo(t, got[three.ID()], three, "ByIDs 103")
		for _, ids := range [][]id.ID{nil, {}, {testID(199)}} {
			got, err := s.Videos.ByIDs(t.Context(), ids)
			mustNil(t, err, "ByIDs without matches")
			if got == nil || len(got) != 0 {
				t.Fatalf("ByIDs(%v) = %v, want an empty map", ids, got)
			}
		}
		ids := make([]id.ID, list.MaxIDs+1)
		for i := range ids {
			ids[i] = testID(1000 + i)
		}
		got, err = s.Videos.ByIDs(t.Context(), ids[:list.MaxIDs])
		if err != nil || len(got) != 0 {
			t.Fatalf("ByIDs at the bound = %v, %v", got, err)
		}
		_, err = s.Videos.ByIDs(t.Context(), ids)
		if err == nil || errs.KindOf(err) != errs.Internal {
			t.Fatalf("ByIDs past the bound = %v, want an Internal error", err)
		}
	})

	t.Run("Totals", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		u := mustUsers(t, s, 1, 2)
		mustCreateVideos(t, s.Videos,
			newVideo(vid{n: 101, owner: u[0], published: true, views: 5}),
			newVideo(vid{n: 102, owner: u[0], views: 7}),
			newVideo(vid{n: 103, owner: u[0], published: true, views: 1 << 40}),
			newVideo(vid{n: 104, owner: u[1], published: true, views: 3}))
		for _, c := range []struct {
			owner         id.ID
			publishedOnly bool
			want          video.Totals
		}{
			{u[0], false, video.Totals{Videos: 3, Views: 12 + 1<<40}},
			{u[0], true, video.Totals{Videos: 2, Views: 5 + 1<<40}},
			{u[1], true, video.Totals{Videos: 1, Views: 3}},
			{testID(99), false, video.Totals{}},
		} {
			got, err := s.Videos.Totals(t.Context(), c.owner, c.publishedOnly)
			mustNil(t, err, "Totals")
			if got != c.want {
				t.Fatalf("Totals(%s, published only %v) = %+v, want %+v", c.owner, c.publishedOnly, got, c.want)
			}
		}
	})

	// Pages deep in the feed of an owner who has more videos than a page:
	// each page takes what it needs from every owner followed, and tells
	// whether more follow.
	t.Run("FeedPagesDeep", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		u := mustUsers(t, s, 1, 2, 3, 4)
		mustFollow(t, s, 201, u[0], u[1], 0)
		mustFollow(t, s, 202, u[0], u[2], 0)
		mustFollow(t, s, 203, u[3], u[1], 0) // one owner only
		for n := 1; n <= 6; n++ {
			owner := u[1]
			if n == 4 {
				owner = u[2]
			}
			mustCreateVideos(t, s.Videos, newVideo(vid{n: 100 + n, owner: owner, published: true, created: time.Duration(n) * time.Second}))
		}
		for _, c := range []struct {
			follower id.ID
			all      []int
		}{
			{u[0], []int{106, 105, 104, 103, 102, 101}},
			{u[3], []int{106, 105, 103, 102, 101}},
		} {
			for _, limit := range []int{1, 2, 4} {
				for page := 1; (page-1)*limit <= len(c.all); page++ {
					q := video.Query{FollowedBy: c.follower, PublishedOnly: true, Sort: video.SortCreatedAt, Desc: true, Limit: limit, Page: page}
					name := fmt.Sprintf("feed of %s, page %d of %d", c.follower, page, limit)
					got := mustList(t, s.Videos, q, name)
					wantVideos(t, got.Items, c.all[min((page-1)*limit, len(c.all)):min(page*limit, len(c.all))], name)
					if got.Total != len(c.all) || got.More != (page*limit < len(c.all)) {
						t.Fatalf("%s: total %d more %v, want %d %v", name, got.Total, got.More, len(c.all), page*limit < len(c.all))
					}
				}
			}
		}
	})

	// A feed whose owners posted long before the site's latest videos, a
	// good share of them: each page is found past the newer videos, by
	// offset and by position, shallow pages and deep ones.
	t.Run("FeedPagesPastNewerVideos", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		u := mustUsers(t, s, 1, 2, 3)
		me, early, busy := u[0], u[1], u[2]
		mustFollow(t, s, 201, me, early, 0)
		var all []int // the feed, newest first
		for n := 1; n <= 80; n++ {
			owner := busy
			if n <= 10 {
				owner, all = early, append([]int{100 + n}, all...)
			}
			mustCreateVideos(t, s.Videos, newVideo(vid{n: 100 + n, owner: owner, published: true, created: time.Duration(n) * time.Second}))
		}
		for _, limit := range []int{2, 4} {
			q := video.Query{FollowedBy: me, PublishedOnly: true, Sort: video.SortCreatedAt, Desc: true, Limit: limit}
			for page := 1; (page-1)*limit <= len(all); page++ {
				q.Page = page
				name := fmt.Sprintf("page %d of %d", page, limit)
				got := mustList(t, s.Videos, q, name)
				wantVideos(t, got.Items, all[min((page-1)*limit, len(all)):min(page*limit, len(all))], name)
				if got.Total != len(all) || got.More != (page*limit < len(all)) {
					t.Fatalf("%s: total %d more %v, want %d %v", name, got.Total, got.More, len(all), page*limit < len(all))
				}
			}
			q.Page = 1
			var walked []*video.Video
			for range len(all) {
				got := mustList(t, s.Videos, q, fmt.Sprintf("keyset page of %d", limit))
				walked = append(walked, got.Items...)
				if !got.More {
					break
				}
				pos := video.PositionOf(got.Items[len(got.Items)-1])
				q.After = &pos
			}
			wantVideos(t, walked, all, fmt.Sprintf("keyset walk of %d", limit))
		}
	})

	t.Run("FeedOfFollowed", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		u := mustUsers(t, s, 1, 2, 3, 4)
		me := u[0]
		mustFollow(t, s, 201, me, u[1], 0)
		mustFollow(t, s, 202, me, u[2], 0)
		mustFollow(t, s, 203, u[2], me, 0) // the other way: my videos are not in my feed
		mustFollow(t, s, 204, u[3], u[1], 0)
		for _, v := range []vid{
			{n: 101, owner: u[1], published: true, created: time.Second},
			{n: 102, owner: u[1], created: 2 * time.Second},
			{n: 103, owner: u[1], published: true, created: 3 * time.Second},
			{n: 104, owner: u[2], published: true, created: 3 * time.Second},
			{n: 105, owner: u[2], published: true, created: 5 * time.Second},
			{n: 106, owner: u[3], published: true, created: 6 * time.Second},
			{n: 107, owner: me, published: true, created: 7 * time.Second},
		} {
			mustCreateVideos(t, s.Videos, newVideo(v))
		}
		feed := video.Query{FollowedBy: me, Sort: video.SortCreatedAt, Desc: true, Limit: 100, Page: 1}
		cases := []struct {
			name string
			edit func(q *video.Query)
			want []int
		}{
			{"feed", func(*video.Query) {}, []int{105, 104, 103, 102, 101}},
			{"published", func(q *video.Query) { q.PublishedOnly = true }, []int{105, 104, 103, 101}},
			{"one followed owner", func(q *video.Query) { q.Owner = u[1] }, []int{103, 102, 101}},
			{"an owner not followed", func(q *video.Query) { q.Owner = u[3] }, nil},
			{"search", func(q *video.Query) { q.Search = "VIDEO 10"; q.PublishedOnly = true }, []int{105, 104, 103, 101}},
			{"oldest first", func(q *video.Query) { q.Desc = false }, []int{101, 102, 103, 104, 105}},
			{"page 2", func(q *video.Query) { q.PublishedOnly, q.Limit, q.Page = true, 2, 2 }, []int{103, 101}},
			{"page 3 of one", func(q *video.Query) { q.PublishedOnly, q.Limit, q.Page = true, 1, 3 }, []int{103}},
			{"published, oldest first", func(q *video.Query) { q.PublishedOnly, q.Desc = true, false }, []int{101, 103, 104, 105}},
			{"following nobody", func(q *video.Query) { q.FollowedBy = u[1] }, nil},
			{"following me", func(q *video.Query) { q.FollowedBy = u[2] }, []int{107}},
		}
		for _, c := range cases {
			q := feed
			c.edit(&q)
			page := mustList(t, s.Videos, q, c.name)
			wantVideos(t, page.Items, c.want, c.name)
			if q.Page > 1 {
				continue
			}
			// A page of one tells the total only by counting the list.
			q.Limit = 1
			page = mustList(t, s.Videos, q, c.name+", a page of one")
			if page.Total != len(c.want) {
				t.Fatalf("%s: total %d, want %d", c.name, page.Total, len(c.want))
			}
		}
		page := mustList(t, s.Videos, video.Query{FollowedBy: me, PublishedOnly: true, Sort: video.SortCreatedAt, Desc: true, Limit: 3, Page: 1}, "first page")
		wantPage(t, page, 4, true, "first page")

		for _, desc := range []bool{true, false} {
			q := feed
			q.PublishedOnly, q.Desc, q.Limit = true, desc, 1
			visited := walk(t, s.Videos, q, func(int) {})
			want := []int{105, 104, 103, 101}
			if !desc {
				want = []int{101, 103, 104, 105}
			}
			wantVideos(t, visited, want, fmt.Sprintf("published walk, newest first %v", desc))
		}

		q := feed
		q.Limit = 2
		visited := walk(t, s.Videos, q, func(page int) {
			if page == 2 { // the cursor is (3s, 104)
				mustCreateVideos(t, s.Videos,
					newVideo(vid{n: 108, owner: u[1], published: true, created: time.Hour}),               // before the cursor
					newVideo(vid{n: 109, owner: u[1], published: true, created: 1500 * time.Millisecond}), // after it
					newVideo(vid{n: 110, owner: u[3], published: true, created: 2 * time.Second}))         // not followed
			}
		})
		wantVideos(t, visited, []int{105, 104, 103, 102, 109, 101}, "walk")

		if removed, err := s.Follows.Remove(t.Context(), me, u[2]); err != nil || !removed {
			t.Fatalf("Remove follow = %v, %v", removed, err)
		}
		page = mustList(t, s.Videos, feed, "after unfollowing")
		wantVideos(t, page.Items, []int{108, 103, 102, 109, 101}, "after unfollowing")
		wantPage(t, page, 5, false, "after unfollowing")
	})
}
