package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// TestPlaylistPages checks an app.PlaylistPages: the playlist, public or
// private, whoever reads it, its owner, and the videos each viewer may
// see in playlist order with their owners, as the playlists' ByID and
// Videos and the users' public profiles answer; an empty playlist, and
// one whose videos the viewer may not see, have no videos; an unknown
// playlist is playlist.ErrNotFound.
func TestPlaylistPages(t *testing.T, newStore func(t *testing.T) Social) {
	s := newStore(t)
	us := mustUsers(t, s, 1, 2, 3)
	me, bob, carol := us[0], us[1], us[2]
	mustCreateVideos(t, s.Videos,
		newVideo(vid{n: 101, owner: bob, published: true}),
		newVideo(vid{n: 102, owner: bob}), // unpublished: bob's alone
		newVideo(vid{n: 103, owner: carol, published: true}),
		newVideo(vid{n: 104, owner: me, published: true}),
		newVideo(vid{n: 105, owner: me}))
	ok := func(*playlist.Playlist) error { return nil }
	add := func(p *playlist.Playlist, ns ...int) {
		t.Helper()
		for i, n := range ns {
			_, err := s.Playlists.AddVideo(t.Context(), p.ID(), testID(n), at(time.Duration(i+1)*time.Minute), ok)
			mustNil(t, err, fmt.Sprintf("AddVideo %d", n))
		}
	}
	mixed := mustPlaylist(t, s, 501, me, "Mixed", "all kinds", true, 0)
	add(mixed, 103, 102, 105, 101, 104)
	private := mustPlaylist(t, s, 502, bob, "Private", "", false, time.Second)
	add(private, 102)
	empty := mustPlaylist(t, s, 503, carol, "Empty", "", true, 2*time.Second)

	profiles := map[id.ID]string{}
	profile := func(u *user.User) string {
		return fmt.Sprintf("%s %q %q %q", u.ID(), u.Username(), u.Name(), u.ProfileImage())
	}
	for _, u := range us {
		got, err := s.Users.ByID(t.Context(), u)
		mustNil(t, err, "ByID")
		profiles[u] = profile(got)
	}
	for _, p := range []*playlist.Playlist{mixed, private, empty} {
		for _, viewer := range []id.ID{me, bob, carol, ""} {
			where := fmt.Sprintf("playlist %s as %q", p.ID(), viewer)
			want, err := s.Playlists.Videos(t.Context(), p.ID(), viewer)
			mustNil(t, err, where)
			wantPlaylist, err := s.Playlists.ByID(t.Context(), p.ID())
			mustNil(t, err, where)
			got, err := s.PlaylistPages.PlaylistPage(t.Context(), p.ID(), viewer)
			mustNil(t, err, where)
			wantSamePlaylist(t, got.Playlist, wantPlaylist, where)
			if got.Owner == nil || profile(got.Owner) != profiles[p.Owner()] {
				t.Fatalf("%s: owner %v, want %s", where, got.Owner, profiles[p.Owner()])
			}
			if len(got.Videos) != len(want) || len(got.Owners) != len(want) {
				t.Fatalf("%s: %d videos, %d owners; want %d videos", where, len(got.Videos), len(got.Owners), len(want))
			}
			for i, v := range got.Videos {
				wantSameVideo(t, v, want[i], fmt.Sprintf("%s, video %d", where, i))
				if o := got.Owners[i]; o == nil || profile(o) != profiles[v.Owner()] {
					t.Fatalf("%s, video %d: owner %v, want %s", where, i, o, profiles[v.Owner()])
				}
			}
		}
	}
	// The mixed playlist as carol sees it: the published videos in
	// playlist order, not the unpublished ones of bob and me.
	got, err := s.PlaylistPages.PlaylistPage(t.Context(), mixed.ID(), carol)
	mustNil(t, err, "PlaylistPage")
	wantNums(t, nums(t, got.Videos, func(v *video.Video) id.ID { return v.ID() }), []int{103, 101, 104}, "carol's view of the mixed playlist")
	_, err = s.PlaylistPages.PlaylistPage(t.Context(), testID(599), me)
	wantIs(t, err, playlist.ErrNotFound, "an unknown playlist")
}
