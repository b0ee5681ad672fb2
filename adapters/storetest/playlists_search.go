package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/playlist"
)

// testPlaylistSearch checks that playlist search finds exactly the
// playlists that hold the needle whichever way a store narrows the rows,
// page by page, and follows writes.
func testPlaylistSearch(t *testing.T, setup func(t *testing.T) (Social, id.ID, id.ID)) {
	summaryID := func(s playlist.Summary) id.ID { return s.Playlist.ID() }

	// Playlist 500+n holds the texts of corpus row n, created n seconds
	// in, so newest first is by number, descending; every third is
	// private, and the even ones are the other user's.
	t.Run("SearchCorpus", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		for n := 1; n < len(searchCorpus); n++ {
			owner := me
			if n%2 == 0 {
				owner = other
			}
			c := searchCorpus[n]
			mustPlaylist(t, s, 500+n, owner, c.first, c.second, n%3 != 0, time.Duration(n)*time.Second)
		}
		for _, c := range searchCorpusCases {
			var all, public []int
			for _, n := range slices.Backward(c.want) {
				all = append(all, 500+n)
				if n%3 != 0 {
					public = append(public, 500+n)
				}
			}
			p, err := s.Playlists.List(t.Context(), playlist.Query{Search: c.needle, Window: list.Window{Limit: 100}})
			wantListPage(t, p, err, summaryID, all, len(all), false, fmt.Sprintf("search %q", c.needle))

			// One a page: every page but the last counts the total.
			for i := range public {
				w := list.Window{Limit: 1, Page: i + 1}
				p, err := s.Playlists.List(t.Context(), playlist.Query{Search: c.needle, PublishedOnly: true, Window: w})
				wantListPage(t, p, err, summaryID, public[i:i+1], len(public), i < len(public)-1,
					fmt.Sprintf("search %q public page %d", c.needle, w.Page))
			}
			w := list.Window{Limit: 1, Page: len(public) + 1}
			p, err = s.Playlists.List(t.Context(), playlist.Query{Search: c.needle, PublishedOnly: true, Window: w})
			wantListPage(t, p, err, summaryID, nil, len(public), false, fmt.Sprintf("search %q public past the end", c.needle))
		}
		p, err := s.Playlists.List(t.Context(), playlist.Query{Search: "the", Owner: other, Window: list.Window{Limit: 100}})
		wantListPage(t, p, err, summaryID, []int{516, 514}, 2, false, `search "the" of the other user`)
	})

	t.Run("SearchFollowsWrites", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		mine := mustPlaylist(t, s, 501, me, "Alpha Bravo", "Charlie", true, time.Second)
		mustPlaylist(t, s, 502, me, "Other", "alpha too", true, 2*time.Second)
		find := func(needle string, want ...int) {
			t.Helper()
			p, err := s.Playlists.List(t.Context(), playlist.Query{Search: needle, Window: list.Window{Limit: 10}})
			wantListPage(t, p, err, summaryID, want, len(want), false, fmt.Sprintf("search %q", needle))
		}
		edit := func(d playlist.Details) {
			t.Helper()
			_, err := s.Playlists.Update(t.Context(), mine.ID(), func(p *playlist.Playlist) error { return p.Edit(d, at(time.Hour)) })
			mustNil(t, err, "Update")
		}
		find("alpha", 502, 501)
		find("bravo", 501)
		find("charlie", 501)

		edit(playlist.Details{Name: ptr("Delta Echo")})
		find("bravo")
		find("alpha", 502)
		find("delta", 501)
		find("charlie", 501)

		edit(playlist.Details{Description: ptr("Foxtrot")})
		find("charlie")
		find("foxtrot", 501)

		// A write that leaves the text as it was keeps the playlist found.
		edit(playlist.Details{Published: ptrBool(false)})
		find("delta", 501)

		mustNil(t, s.Playlists.Delete(t.Context(), mine.ID()), "Delete")
		find("delta")
		find("de")
		find("alpha", 502)
	})
}

func ptrBool(b bool) *bool { return &b }
