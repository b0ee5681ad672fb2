package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
)

// TestHistoryPages checks an app.HistoryPages: each page, its total and
// its owners are what video.History.List and the users' public profiles
// answer, whatever the page, with entries of several owners, a hidden
// video left out and the user's own unpublished video kept.
func TestHistoryPages(t *testing.T, newStore func(t *testing.T) Social) {
	s := newStore(t)
	us := mustUsers(t, s, 1, 2, 3)
	me, bob, carol := us[0], us[1], us[2]
	for n := 1; n <= 7; n++ {
		owner := []id.ID{bob, carol, me}[n%3]
		mustCreateVideos(t, s.Videos, newVideo(vid{n: 300 + n, owner: owner, published: n != 4 && n != 5}))
	}
	for n := 1; n <= 7; n++ {
		// Video 304 is carol's and unpublished: it is not listed; 305 is
		// mine, unpublished, and listed.
		mustNil(t, s.History.Touch(t.Context(), me, testID(300+n), at(time.Duration(n)*time.Minute)), fmt.Sprintf("Touch %d", n))
	}
	profiles := map[id.ID]string{}
	for _, u := range us {
		got, err := s.Users.ByID(t.Context(), u)
		mustNil(t, err, "ByID")
		profiles[u] = fmt.Sprintf("%s %q %q %q", got.ID(), got.Username(), got.Name(), got.ProfileImage())
	}
	for _, limit := range []int{1, 2, 4, 10} {
		for page := 1; page <= 8; page++ {
			want, wantTotal, err := s.History.List(t.Context(), me, page, limit)
			mustNil(t, err, "List")
			got, owners, total, err := s.Histories.HistoryWithOwners(t.Context(), me, page, limit)
			mustNil(t, err, "HistoryWithOwners")
			where := fmt.Sprintf("page %d limit %d", page, limit)
			if total != wantTotal || wantTotal != 6 || len(got) != len(want) || len(owners) != len(got) {
				t.Fatalf("%s: %d entries, %d owners, total %d; want %d entries, total %d (6)", where, len(got), len(owners), total, len(want), wantTotal)
			}
			for i, e := range got {
				w := want[i]
				if e.Video.ID() != w.Video.ID() || !e.WatchedAt.Equal(w.WatchedAt) {
					t.Fatalf("%s, entry %d: %s at %v, want %s at %v", where, i, e.Video.ID(), e.WatchedAt, w.Video.ID(), w.WatchedAt)
				}
				wantSameVideo(t, e.Video, w.Video, where)
				o := owners[i]
				if o == nil {
					t.Fatalf("%s, entry %d: no owner", where, i)
				}
				if p := fmt.Sprintf("%s %q %q %q", o.ID(), o.Username(), o.Name(), o.ProfileImage()); p != profiles[e.Video.Owner()] {
					t.Fatalf("%s, entry %d: owner %s, want %s", where, i, p, profiles[e.Video.Owner()])
				}
			}
		}
	}
}
