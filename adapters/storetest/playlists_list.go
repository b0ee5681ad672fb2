package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/video"
)

func testPlaylistLists(t *testing.T, setup func(t *testing.T) (Social, id.ID, id.ID)) {
	summaryID := func(s playlist.Summary) id.ID { return s.Playlist.ID() }
	summaryPos := func(s playlist.Summary) list.Position {
		return list.Position{At: s.Playlist.CreatedAt(), ID: s.Playlist.ID()}
	}

	t.Run("ListFiltersAndLiteralSearch", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		// Playlist n is created n seconds in, so newest first is by number,
		// descending.
		for _, p := range []struct {
			n          int
			owner      id.ID
			name, desc string
			published  bool
		}{
			{501, me, "Cats (2019)", "", true},
			{502, me, "100% real", "no wildcards", false},
			{503, other, "snake_case tips", "ÉCOLE de danse", true},
			{504, other, "Plain", "1000 real", true},
			{505, me, "École", "cats everywhere", true},
			{506, other, "x", `back\slash .*`, false},
		} {
			mustPlaylist(t, s, p.n, p.owner, p.name, p.desc, p.published, time.Duration(p.n)*time.Second)
		}
		cases := []struct {
			name string
			q    playlist.Query
			want []int
		}{
			{"all", playlist.Query{}, []int{506, 505, 504, 503, 502, 501}},
			{"mine", playlist.Query{Owner: me}, []int{505, 502, 501}},
			{"published", playlist.Query{PublishedOnly: true}, []int{505, 504, 503, 501}},
			{"mine published", playlist.Query{Owner: me, PublishedOnly: true}, []int{505, 501}},
			{"(", playlist.Query{Search: "("}, []int{501}},
			{"%", playlist.Query{Search: "%"}, []int{502}},
			{"_", playlist.Query{Search: "_"}, []int{503}},
			{`\`, playlist.Query{Search: `\`}, []int{506}},
			{".*", playlist.Query{Search: ".*"}, []int{506}},
			{"CATS", playlist.Query{Search: "CATS"}, []int{505, 501}},
			{"école", playlist.Query{Search: "école"}, []int{505, 503}},
			{"real", playlist.Query{Search: "real"}, []int{504, 502}},
			{"published real", playlist.Query{PublishedOnly: true, Search: "real"}, []int{504}},
			{"other's real", playlist.Query{Owner: other, Search: "real"}, []int{504}},
			{"no match", playlist.Query{Search: "nothing matches"}, nil},
			{"NUL", playlist.Query{Search: "x\x00"}, nil},
		}
		for _, c := range cases {
			c.q.Limit = 100
			p, err := s.Playlists.List(t.Context(), c.q)
			wantListPage(t, p, err, summaryID, c.want, len(c.want), false, "list "+c.name)
		}
	})

	t.Run("ListSummariesPerViewer", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		mine := mustPlaylist(t, s, 501, me, "Mine", "", true, time.Second)
		mustPlaylist(t, s, 502, me, "Empty", "", true, 2*time.Second)
		mustPlaylist(t, s, 503, other, "Theirs", "", true, 3*time.Second)
		for _, n := range []int{102, 103, 101, 104} {
			_, err := s.Playlists.AddVideo(t.Context(), testID(501), testID(n), at(time.Minute), func(*playlist.Playlist) error { return nil })
			mustNil(t, err, "AddVideo")
		}
		_, err := s.Playlists.AddVideo(t.Context(), testID(503), testID(105), at(time.Minute), func(*playlist.Playlist) error { return nil })
		mustNil(t, err, "AddVideo")
		cases := []struct {
			viewer id.ID
			want   map[int][]int // playlist → visible videos
		}{
			{me, map[int][]int{501: {103, 101, 104}, 502: nil, 503: {105}}},
			{other, map[int][]int{501: {102, 101, 104}, 502: nil, 503: {105}}},
			{"", map[int][]int{501: {101, 104}, 502: nil, 503: {105}}},
		}
		for _, c := range cases {
			for _, withIDs := range []bool{false, true} {
				what := fmt.Sprintf("viewer %q with ids %v", c.viewer, withIDs)
				p, err := s.Playlists.List(t.Context(), playlist.Query{Viewer: c.viewer, WithVideoIDs: withIDs, Window: list.Window{Limit: 10}})
				wantListPage(t, p, err, summaryID, []int{503, 502, 501}, 3, false, what)
				for _, sum := range p.Items {
					n := num(t, sum.Playlist.ID())
					want := c.want[n]
					cover := video.Media{}
					if len(want) > 0 {
						cover = newVideo(vid{n: want[0]}).Thumbnail()
					}
					if sum.Videos != len(want) || sum.Cover != cover {
						t.Fatalf("%s: playlist %d has %d videos, cover %+v; want %d, %+v", what, n, sum.Videos, sum.Cover, len(want), cover)
					}
					if withIDs {
						wantIDNums(t, sum.VideoIDs, want, fmt.Sprintf("%s: ids of playlist %d", what, n))
					} else if len(sum.VideoIDs) != 0 {
						t.Fatalf("%s: ids %v not asked for", what, sum.VideoIDs)
					}
				}
				wantSamePlaylist(t, p.Items[2].Playlist, touched(mine, at(time.Minute)), what+": the summary's playlist")
			}
		}
	})

	t.Run("ListPagesAndPositions", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		for i, d := range []time.Duration{1, 2, 2, 3, 0, 3, 4} { // 502 and 503, 504 and 506 tie
			mustPlaylist(t, s, 501+i, me, fmt.Sprintf("List %d", i), "", true, d*time.Second)
		}
		order := []int{507, 506, 504, 503, 502, 501, 505}
		fetch := func(w list.Window) (list.Page[playlist.Summary], error) {
			return s.Playlists.List(t.Context(), playlist.Query{Owner: me, Window: w})
		}
		checkPages(t, order, fetch, summaryID, "my playlists")
		got := walkAfter(t, 2, fetch, summaryPos, func(int) {})
		wantNums(t, nums(t, got, summaryID), order, "my playlists by position")
		// With their video ids, as the own playlists' list asks, the
		// pages keep the same order, ties included.
		withIDs := func(w list.Window) (list.Page[playlist.Summary], error) {
			return s.Playlists.List(t.Context(), playlist.Query{Owner: me, Viewer: me, WithVideoIDs: true, Window: w})
		}
		checkPages(t, order, withIDs, summaryID, "my playlists with ids")
		got = walkAfter(t, 2, withIDs, summaryPos, func(int) {})
		wantNums(t, nums(t, got, summaryID), order, "my playlists with ids by position")

		all := func(w list.Window) (list.Page[playlist.Summary], error) {
			return s.Playlists.List(t.Context(), playlist.Query{Window: w})
		}
		got = walkAfter(t, 3, all, summaryPos, func(page int) {
			if page == 2 { // the cursor is (3s, 504)
				mustPlaylist(t, s, 1001, other, "Newer", "", true, time.Hour)   // before the cursor
				mustPlaylist(t, s, 1002, other, "Tie", "", true, 2*time.Second) // after it, first of the 2s
				mustNil(t, s.Playlists.Delete(t.Context(), testID(502)), "Delete")
			}
		})
		wantNums(t, nums(t, got, summaryID), []int{507, 506, 504, 1002, 503, 501, 505}, "walk while creating")
	})

	t.Run("ListTotals", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		// Pages of one, so that no page tells its total by itself while
		// more follow: the total is the store's count.
		totals := func(what string, want [4]int) {
			t.Helper()
			var got [4]int
			for i, q := range []playlist.Query{
				{Owner: me}, {Owner: me, PublishedOnly: true}, {Owner: other, PublishedOnly: true}, {PublishedOnly: true},
			} {
				q.Window = list.Window{Limit: 1}
				page, err := s.Playlists.List(t.Context(), q)
				mustNil(t, err, what+": List")
				got[i] = page.Total
			}
			if got != want {
				t.Fatalf("%s: totals (mine, my published, other's published, everyone's published) %v, want %v", what, got, want)
			}
		}
		publish := func(n int, published bool) {
			t.Helper()
			_, err := s.Playlists.Update(t.Context(), testID(n), func(p *playlist.Playlist) error {
				return p.Edit(playlist.Details{Published: &published}, at(time.Minute))
			})
			mustNil(t, err, fmt.Sprintf("Update playlist %d", n))
		}
		totals("before any", [4]int{0, 0, 0, 0})
		mustPlaylist(t, s, 501, me, "A", "", true, time.Second)
		mustPlaylist(t, s, 502, me, "B", "", false, 2*time.Second)
		mustPlaylist(t, s, 503, me, "C", "", true, 3*time.Second)
		// Other's first published playlist was private.
		mustPlaylist(t, s, 504, other, "D", "", false, 4*time.Second)
		totals("after creating", [4]int{3, 2, 0, 2})
		publish(504, true)
		mustPlaylist(t, s, 505, other, "E", "", true, 5*time.Second)
		totals("after a first publication", [4]int{3, 2, 2, 4})
		publish(502, true)
		totals("after publishing", [4]int{3, 3, 2, 5})
		publish(501, false)
		publish(501, false) // no change
		totals("after unpublishing", [4]int{3, 2, 2, 4})
		mustNil(t, s.Playlists.Delete(t.Context(), testID(503)), "Delete a published playlist")
		mustNil(t, s.Playlists.Delete(t.Context(), testID(501)), "Delete an unpublished playlist")
		totals("after deleting", [4]int{1, 1, 2, 3})
	})

	testPlaylistSearch(t, setup)
}
