package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
	"github.com/stagecast/stagecast/domain/video"
)

func testPlaylistVideos(t *testing.T, setup func(t *testing.T) (Social, id.ID, id.ID)) {
	ok := func(*playlist.Playlist) error { return nil }
	add := func(t *testing.T, s Social, pid id.ID, n int, d time.Duration) *playlist.Playlist {
		t.Helper()
		p, err := s.Playlists.AddVideo(t.Context(), pid, testID(n), at(d), ok)
		mustNil(t, err, fmt.Sprintf("AddVideo %d", n))
		return p
	}
	remove := func(t *testing.T, s Social, pid id.ID, n int, d time.Duration) *playlist.Playlist {
		t.Helper()
		p, err := s.Playlists.RemoveVideo(t.Context(), pid, testID(n), at(d), ok)
		mustNil(t, err, fmt.Sprintf("RemoveVideo %d", n))
		return p
	}

	// Adding and removing set the updated time when they change the list,
	// and write nothing when they do not.
	t.Run("AddAndRemoveKeepOrder", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		p := mustPlaylist(t, s, 501, me, "Mine", "", true, 0)
		add(t, s, p.ID(), 104, time.Second)
		add(t, s, p.ID(), 101, 2*time.Second)
		got := add(t, s, p.ID(), 105, 3*time.Second)
		wantSamePlaylist(t, got, touched(p, at(3*time.Second)), "after three adds")
		got = add(t, s, p.ID(), 101, time.Minute) // held already: nothing written
		wantSamePlaylist(t, got, touched(p, at(3*time.Second)), "after adding a held video")
		wantPlaylistVideos(t, s, p.ID(), me, []int{104, 101, 105})

		got = remove(t, s, p.ID(), 101, 4*time.Second)
		wantSamePlaylist(t, got, touched(p, at(4*time.Second)), "after a removal")
		got = remove(t, s, p.ID(), 101, time.Minute) // not held: nothing written
		wantSamePlaylist(t, got, touched(p, at(4*time.Second)), "after removing an absent video")
		remove(t, s, p.ID(), 199, time.Minute) // not even stored
		wantPlaylistVideos(t, s, p.ID(), me, []int{104, 105})
		add(t, s, p.ID(), 101, 5*time.Second) // back, at the end
		wantPlaylistVideos(t, s, p.ID(), me, []int{104, 105, 101})
		stored, err := s.Playlists.ByID(t.Context(), p.ID())
		mustNil(t, err, "ByID")
		wantSamePlaylist(t, stored, touched(p, at(5*time.Second)), "ByID")
	})

	t.Run("ChecksAndGoneVideos", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		p := mustPlaylist(t, s, 501, me, "Mine", "", true, 0)
		add(t, s, p.ID(), 101, 0)
		var seen *playlist.Playlist
		refuse := func(p *playlist.Playlist) error { seen = p; return errChange }
		_, err := s.Playlists.AddVideo(t.Context(), p.ID(), testID(104), at(time.Minute), refuse)
		if !errors.Is(err, errChange) {
			t.Fatalf("AddVideo = %v, want the check's error", err)
		}
		wantSamePlaylist(t, seen, p, "the playlist the check saw")
		_, err = s.Playlists.RemoveVideo(t.Context(), p.ID(), testID(101), at(time.Minute), refuse)
		if !errors.Is(err, errChange) {
			t.Fatalf("RemoveVideo = %v, want the check's error", err)
		}
		wantPlaylistVideos(t, s, p.ID(), me, []int{101})
		got, err := s.Playlists.ByID(t.Context(), p.ID())
		mustNil(t, err, "ByID")
		wantSamePlaylist(t, got, p, "after refused changes")

		mustCreateVideos(t, s.Videos, newVideo(vid{n: 106, owner: other, published: true}))
		mustNil(t, s.Videos.Delete(t.Context(), testID(106)), "Delete video 106")
		for _, n := range []int{199, 106, 501} {
			_, err := s.Playlists.AddVideo(t.Context(), p.ID(), testID(n), at(time.Minute), ok)
			wantIs(t, err, playlist.ErrVideoGone, fmt.Sprintf("AddVideo %d", n))
		}
		wantPlaylistVideos(t, s, p.ID(), me, []int{101})
	})

	t.Run("AtMostMaxVideos", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		p := mustPlaylist(t, s, 501, me, "Big", "", true, 0)
		const first = 10_000
		for i := range playlist.MaxVideos - 1 + racers {
			mustCreateVideos(t, s.Videos, newVideo(vid{n: first + i, owner: other, published: true}))
		}
		for i := range playlist.MaxVideos - 1 {
			add(t, s, p.ID(), first+i, time.Second)
		}
		// One place is left and racers race for it with different videos:
		// the count and the insert are one step, so exactly one gets it.
		racing := first + playlist.MaxVideos - 1
		winner := oneWinner(t, race(func(i int) error {
			_, err := s.Playlists.AddVideo(t.Context(), p.ID(), testID(racing+i), at(time.Minute), ok)
			return err
		}), playlist.ErrFull)
		loser := racing + (winner+1)%racers
		_, err := s.Playlists.AddVideo(t.Context(), p.ID(), testID(loser), at(time.Minute), ok)
		wantIs(t, err, playlist.ErrFull, "AddVideo past the bound")
		add(t, s, p.ID(), first, time.Minute) // held already: not an error
		remove(t, s, p.ID(), first+1, time.Minute)
		add(t, s, p.ID(), loser, time.Minute)
		ids, err := s.Playlists.VideoIDs(t.Context(), p.ID(), me)
		mustNil(t, err, "VideoIDs")
		n := len(ids)
		if n != playlist.MaxVideos || ids[0] != testID(first) || ids[1] != testID(first+2) ||
			ids[n-2] != testID(racing+winner) || ids[n-1] != testID(loser) {
			t.Fatalf("VideoIDs: %d ids, %v ... %v", n, ids[:2], ids[n-2:])
		}
	})

	t.Run("OnlyVisibleVideos", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		p := mustPlaylist(t, s, 501, me, "Mine", "", true, 0)
		for i, n := range []int{101, 102, 103, 104, 105} {
			add(t, s, p.ID(), n, time.Duration(i)*time.Second)
		}
		wantPlaylistVideos(t, s, p.ID(), me, []int{101, 103, 104, 105})
		wantPlaylistVideos(t, s, p.ID(), other, []int{101, 102, 104, 105})
		wantPlaylistVideos(t, s, p.ID(), "", []int{101, 104, 105})
		wantPlaylistVideos(t, s, p.ID(), testID(99), []int{101, 104, 105})
		videos, err := s.Playlists.Videos(t.Context(), p.ID(), me)
		mustNil(t, err, "Videos")
		want, err := s.Videos.ByID(t.Context(), testID(103))
		mustNil(t, err, "ByID")
		wantSameVideo(t, videos[1], want, "a playlist video")
	})

	t.Run("VideosInUseUntilRemovedEverywhere", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		p1 := mustPlaylist(t, s, 501, me, "One", "", true, 0)
		p2 := mustPlaylist(t, s, 502, other, "Two", "", false, 0)
		p3 := mustPlaylist(t, s, 503, other, "Three", "", true, 0)
		add(t, s, p1.ID(), 101, time.Second)
		add(t, s, p2.ID(), 104, time.Second)
		add(t, s, p2.ID(), 101, 2*time.Second)
		add(t, s, p3.ID(), 101, time.Second)
		wantIs(t, s.Videos.Delete(t.Context(), testID(101)), video.ErrInUse, "Delete a video in playlists")
		mustNil(t, s.Playlists.Delete(t.Context(), p3.ID()), "Delete a playlist") // its entries go with it
		wantIs(t, s.Videos.Delete(t.Context(), testID(101)), video.ErrInUse, "Delete a video in playlists")
		for _, want := range []int{2, 0} {
			n, err := s.Playlists.RemoveVideoEverywhere(t.Context(), testID(101))
			mustNil(t, err, "RemoveVideoEverywhere")
			if n != want {
				t.Fatalf("RemoveVideoEverywhere = %d, want %d", n, want)
			}
		}
		mustNil(t, s.Videos.Delete(t.Context(), testID(101)), "Delete the video")
		wantPlaylistVideos(t, s, p1.ID(), me, nil)
		wantPlaylistVideos(t, s, p2.ID(), other, []int{104})
		// Taking a deleted video out is the core's doing, not the owner's:
		// the updated time stays.
		got, err := s.Playlists.ByID(t.Context(), p2.ID())
		mustNil(t, err, "ByID")
		wantSamePlaylist(t, got, touched(p2, at(2*time.Second)), "after RemoveVideoEverywhere")
		mustNil(t, s.Playlists.Delete(t.Context(), p2.ID()), "Delete the other playlist")
		mustNil(t, s.Videos.Delete(t.Context(), testID(104)), "Delete a video of a deleted playlist")
	})
}
