package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/playlist"
)

// TestPlaylists checks a playlist.Repository. newStore returns fresh, empty
// repositories of one store each time it is called; playlists hold stored
// videos.
func TestPlaylists(t *testing.T, newStore func(t *testing.T) Social) {
	// setup stores me (user 1), another user (2), their published videos
	// 101 and 104, their unpublished 102, my unpublished 103 and my
	// published 105.
	setup := func(t *testing.T) (s Social, me, other id.ID) {
		s = newStore(t)
		u := mustUsers(t, s, 1, 2)
		me, other = u[0], u[1]
		mustCreateVideos(t, s.Videos,
			newVideo(vid{n: 101, owner: other, published: true}),
			newVideo(vid{n: 102, owner: other}),
			newVideo(vid{n: 103, owner: me}),
			newVideo(vid{n: 104, owner: other, published: true}),
			newVideo(vid{n: 105, owner: me, published: true}))
		return s, me, other
	}
	ok := func(*playlist.Playlist) error { return nil }

	t.Run("CreateAndGet", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		when := time.Date(2025, 12, 31, 23, 59, 59, 999_999_999, time.UTC)
		for i, st := range []playlist.Stored{
			{ID: testID(501), Owner: me, Name: "Mix ✓ 'q' % _", Description: "", Published: true, CreatedAt: when, UpdatedAt: when},
			{ID: testID(502), Owner: me, Name: "Private", Description: "about \"this\"", CreatedAt: when, UpdatedAt: when.Add(1500 * time.Millisecond)},
		} {
			want := playlist.FromStored(st)
			mustNil(t, s.Playlists.Create(t.Context(), want), "Create")
			got, err := s.Playlists.ByID(t.Context(), st.ID)
			mustNil(t, err, "ByID")
			wantSamePlaylist(t, got, want, fmt.Sprintf("playlist %d", i))
			wantPlaylistVideos(t, s, st.ID, me, nil)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		mustPlaylist(t, s, 501, me, "Mine", "", true, 0)
		missing := testID(599)
		_, err := s.Playlists.ByID(t.Context(), missing)
		wantIs(t, err, playlist.ErrNotFound, "ByID")
		called := false
		check := func(*playlist.Playlist) error { called = true; return nil }
		_, err = s.Playlists.Update(t.Context(), missing, check)
		wantIs(t, err, playlist.ErrNotFound, "Update")
		_, err = s.Playlists.AddVideo(t.Context(), missing, testID(101), at(0), check)
		wantIs(t, err, playlist.ErrNotFound, "AddVideo")
		_, err = s.Playlists.RemoveVideo(t.Context(), missing, testID(101), at(0), check)
		wantIs(t, err, playlist.ErrNotFound, "RemoveVideo")
		if called {
			t.Fatal("a change or check ran for a missing playlist")
		}
		_, err = s.Playlists.Videos(t.Context(), missing, me)
		wantIs(t, err, playlist.ErrNotFound, "Videos")
		_, err = s.Playlists.VideoIDs(t.Context(), missing, me)
		wantIs(t, err, playlist.ErrNotFound, "VideoIDs")
		wantIs(t, s.Playlists.Delete(t.Context(), missing), playlist.ErrNotFound, "Delete")
		mustNil(t, s.Playlists.Delete(t.Context(), testID(501)), "Delete")
		wantIs(t, s.Playlists.Delete(t.Context(), testID(501)), playlist.ErrNotFound, "Delete again")
		_, err = s.Playlists.AddVideo(t.Context(), testID(501), testID(101), at(0), ok)
		wantIs(t, err, playlist.ErrNotFound, "AddVideo to a deleted playlist")
	})

	t.Run("UpdateWritesDetailsOnly", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		orig := mustPlaylist(t, s, 501, me, "Before", "old", true, time.Second)
		out, err := s.Playlists.Update(t.Context(), orig.ID(), func(p *playlist.Playlist) error {
			st := p.Stored()
			st.Owner, st.CreatedAt = other, at(-time.Hour) // not written
			*p = *playlist.FromStored(st)
			name, desc, pub := " After ", "", false
			return p.Edit(playlist.Details{Name: &name, Description: &desc, Published: &pub}, at(time.Minute))
		})
		mustNil(t, err, "Update")
		st := orig.Stored()
		st.Name, st.Description, st.Published, st.UpdatedAt = "After", "", false, at(time.Minute)
		want := playlist.FromStored(st)
		wantSamePlaylist(t, out, want, "Update's result")
		got, err := s.Playlists.ByID(t.Context(), orig.ID())
		mustNil(t, err, "ByID")
		wantSamePlaylist(t, got, want, "after Update")
	})

	t.Run("ConcurrentEditsAllStay", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		p := mustPlaylist(t, s, 501, me, "Mine", "d", true, 0)
		results := race(func(i int) error {
			_, err := s.Playlists.Update(t.Context(), p.ID(), func(p *playlist.Playlist) error {
				d := fmt.Sprintf("%s %d", p.Description(), i)
				return p.Edit(playlist.Details{Description: &d}, at(time.Duration(i)*time.Second))
			})
			return err
		})
		for i, err := range results {
			mustNil(t, err, fmt.Sprintf("racer %d", i))
		}
		got, err := s.Playlists.ByID(t.Context(), p.ID())
		mustNil(t, err, "ByID")
		wantAppended(t, got.Description(), "d")
	})

	t.Run("FailedChangeWritesNothing", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		p := mustPlaylist(t, s, 501, me, "Mine", "", true, 0)
		_, err := s.Playlists.Update(t.Context(), p.ID(), func(p *playlist.Playlist) error {
			p.Touch(at(time.Hour))
			return errChange
		})
		if !errors.Is(err, errChange) {
			t.Fatalf("Update = %v, want the change's error", err)
		}
		got, err := s.Playlists.ByID(t.Context(), p.ID())
		mustNil(t, err, "ByID")
		wantSamePlaylist(t, got, p, "after a failed change")
	})

	testPlaylistVideos(t, setup)
	testPlaylistLists(t, setup)
}

// wantPlaylistVideos checks what viewer sees of a playlist, through both
// Videos and VideoIDs.
func wantPlaylistVideos(t *testing.T, s Social, pid, viewer id.ID, want []int) {
	t.Helper()
	what := fmt.Sprintf("playlist %d seen by %s", num(t, pid), viewer)
	videos, err := s.Playlists.Videos(t.Context(), pid, viewer)
	mustNil(t, err, "Videos")
	wantVideos(t, videos, want, "Videos of "+what)
	ids, err := s.Playlists.VideoIDs(t.Context(), pid, viewer)
	mustNil(t, err, "VideoIDs")
	wantIDNums(t, ids, want, "VideoIDs of "+what)
}

func wantSamePlaylist(t *testing.T, got, want *playlist.Playlist, what string) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil playlist", what)
	}
	g, w := got.Stored(), want.Stored()
	g.CreatedAt, g.UpdatedAt, w.CreatedAt, w.UpdatedAt = ms(g.CreatedAt), ms(g.UpdatedAt), ms(w.CreatedAt), ms(w.UpdatedAt)
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s:\n got %+v\nwant %+v", what, g, w)
	}
	if got.CreatedAt().Location() != time.UTC || got.UpdatedAt().Location() != time.UTC {
		t.Fatalf("%s: times not in UTC", what)
	}
}

// touched returns a copy of p updated at the given time.
func touched(p *playlist.Playlist, updated time.Time) *playlist.Playlist {
	st := p.Stored()
	st.UpdatedAt = updated
	return playlist.FromStored(st)
}
