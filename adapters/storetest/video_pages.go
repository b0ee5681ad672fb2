package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/video"
)

// TestVideoPages checks an app.VideoPages: each page, its total and its
// items' figures are what video.Repository.List and app.FigureReader
// answer for the same page, whatever the list, order, position and
// viewer.
func TestVideoPages(t *testing.T, newStore func(t *testing.T) Social) {
	s := newStore(t)
	us := mustUsers(t, s, 1, 2, 3)
	alice, bob, carol := us[0], us[1], us[2]
	for n := 1; n <= 9; n++ {
		owner := alice
		if n%3 == 0 {
			owner = bob
		}
		title := fmt.Sprintf("Video %d", n)
		if n%2 == 0 {
			title = fmt.Sprintf("A needle in video %d", n)
		}
		mustCreateVideos(t, s.Videos, newVideo(vid{
			n: 100 + n, owner: owner, title: title, created: time.Duration(n) * time.Minute,
			views: int64(n % 4), duration: float64(10 - n), published: n != 5,
		}))
	}
	mustLike(t, s, bob, onVideo(101), time.Second)
	mustLike(t, s, carol, onVideo(101), 2*time.Second)
	mustLike(t, s, carol, onVideo(104), 3*time.Second)
	mustLike(t, s, alice, onVideo(103), 4*time.Second)
	mustFollow(t, s, 201, carol, bob, 5*time.Second)

	queries := map[string]video.Query{
		"public":    {PublishedOnly: true, Sort: video.SortCreatedAt, Desc: true},
		"by views":  {PublishedOnly: true, Sort: video.SortViews, Desc: true},
		"by title":  {PublishedOnly: true, Sort: video.SortTitle},
		"duration":  {PublishedOnly: true, Sort: video.SortDuration},
		"own":       {Owner: alice, Sort: video.SortCreatedAt, Desc: true},
		"following": {FollowedBy: carol, PublishedOnly: true, Sort: video.SortCreatedAt, Desc: true},
		"search":    {PublishedOnly: true, Search: "needle", Sort: video.SortCreatedAt, Desc: true},
		"nothing":   {PublishedOnly: true, Search: "nowhere", Sort: video.SortCreatedAt, Desc: true},
	}
	for name, q := range queries {
		for _, viewer := range []id.ID{"", carol, alice} {
			t.Run(fmt.Sprintf("%s as %q", name, viewer), func(t *testing.T) {
				t.Parallel()
				for _, limit := range []int{2, 3, 20} {
					// Offset pages up to past the end, then the keyset walk.
					for page := 1; page <= 6; page++ {
						q := q
						q.Limit, q.Page = limit, page
						sameFiguredPage(t, s, q, viewer)
					}
					q := q
					q.Limit = limit
					for range 6 {
						got := sameFiguredPage(t, s, q, viewer)
						if !got.More {
							break
						}
						pos := video.PositionOf(got.Items[len(got.Items)-1])
						q.After = &pos
					}
				}
			})
		}
	}
}

// sameFiguredPage checks that ListFigured answers for q what List and
// Figures answer, and returns the page.
func sameFiguredPage(t *testing.T, s Social, q video.Query, viewer id.ID) video.Page {
	t.Helper()
	want, err := s.Videos.List(t.Context(), q)
	mustNil(t, err, "List")
	wantFigs, err := app.ReadFigures(t.Context(), s.Figures, viewer, like.OnVideo, want.Items)
	mustNil(t, err, "Figures")
	got, figs, err := s.Pages.ListFigured(t.Context(), q, viewer)
	mustNil(t, err, "ListFigured")
	where := fmt.Sprintf("page %d limit %d after %v", q.Page, q.Limit, q.After != nil)
	if got.Total != want.Total || got.More != want.More || len(got.Items) != len(want.Items) || len(figs) != len(got.Items) {
		t.Fatalf("%s: total %d more %v, %d items and %d figures; want total %d more %v, %d items",
			where, got.Total, got.More, len(got.Items), len(figs), want.Total, want.More, len(want.Items))
	}
	for i, v := range got.Items {
		w, f, wf := want.Items[i], figs[i], wantFigs[i]
		if v.ID() != w.ID() {
			t.Fatalf("%s, item %d: %s, want %s", where, i, v.ID(), w.ID())
		}
		wantSameVideo(t, v, w, where)
		if f.Likes != wf.Likes || f.Liked != wf.Liked || f.Owner == nil {
			t.Fatalf("%s, item %d: likes %d liked %v with an owner %v, want %d %v", where, i, f.Likes, f.Liked, f.Owner != nil, wf.Likes, wf.Liked)
		}
		wantSameAuthor(t, f.Owner, wf.Owner, "owner")
	}
	return got
}
