package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// TestHistory checks a video.History. newRepos returns empty repositories
// each time it is called; the history must see the videos of the returned
// video repository (and the deletions made through it).
func TestHistory(t *testing.T, newRepos func(t *testing.T) (user.Repository, video.Repository, video.History)) {
	// setup stores a viewer (user 1), an uploader (user 2) and the
	// uploader's published videos 1..n.
	setup := func(t *testing.T, n int) (users user.Repository, videos video.Repository, h video.History, me, uploader id.ID) {
		users, videos, h = newRepos(t)
		me, uploader = mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID()
		for i := 1; i <= n; i++ {
			mustCreateVideos(t, videos, newVideo(vid{n: i, owner: uploader, published: true, duration: float64(i)}))
		}
		return users, videos, h, me, uploader
	}
	touch := func(t *testing.T, h video.History, user id.ID, n int, d time.Duration) {
		t.Helper()
		mustNil(t, h.Touch(t.Context(), user, testID(n), at(d)), fmt.Sprintf("Touch video %d", n))
	}

	testWatch(t, newRepos)

	t.Run("KeepsTheNewestMaxHistory", func(t *testing.T) {
		n := video.MaxHistory + 2
		_, _, h, me, uploader := setup(t, n)
		// Videos 1..n watched in that order; video 2 again before the
		// history is full, which moves it up rather than adding an entry.
		for i := 1; i <= n; i++ {
			touch(t, h, me, i, time.Duration(i)*time.Second)
			if i == 3 {
				touch(t, h, me, 2, time.Duration(i)*time.Second+time.Millisecond)
			}
		}
		touch(t, h, uploader, 1, time.Hour)
		// Full: 1 and 3 (the least recent) are gone, 2 stayed.
		wantHistory(t, h, me, 1, 3, []int{n, n - 1, n - 2}, video.MaxHistory)
		wantHistory(t, h, me, video.MaxHistory/2, 2, []int{4, 2}, video.MaxHistory)
		// A re-watch of a kept entry pushes nothing out.
		touch(t, h, me, 4, 2*time.Hour)
		wantHistory(t, h, me, 1, 2, []int{4, n}, video.MaxHistory)
		wantHistory(t, h, uploader, 1, 10, []int{1}, 1)
	})

	t.Run("MostRecentFirst", func(t *testing.T) {
		_, videos, h, me, uploader := setup(t, 4)
		touch(t, h, me, 1, time.Second)
		touch(t, h, me, 2, 2*time.Second)
		touch(t, h, me, 3, 2*time.Second) // the same instant: the higher id first
		touch(t, h, me, 4, 3*time.Second)
		touch(t, h, uploader, 1, 4*time.Second) // someone else's history
		entries := wantHistory(t, h, me, 1, 10, []int{4, 3, 2, 1}, 4)
		v4, err := videos.ByID(t.Context(), testID(4))
		mustNil(t, err, "ByID")
		wantSameVideo(t, entries[0].Video, v4, "the entry's video")
		if !entries[0].WatchedAt.Equal(ms(at(3*time.Second))) || entries[0].WatchedAt.Location() != time.UTC {
			t.Fatalf("WatchedAt = %v, want %v in UTC", entries[0].WatchedAt, ms(at(3*time.Second)))
		}
		wantHistory(t, h, uploader, 1, 10, []int{1}, 1)
		wantHistory(t, h, testID(99), 1, 10, nil, 0)
	})

	t.Run("RewatchMovesToTop", func(t *testing.T) {
		_, _, h, me, _ := setup(t, 3)
		for n := 1; n <= 3; n++ {
			touch(t, h, me, n, time.Duration(n)*time.Second)
		}
		touch(t, h, me, 1, time.Minute)
		entries := wantHistory(t, h, me, 1, 10, []int{1, 3, 2}, 3)
		if !entries[0].WatchedAt.Equal(ms(at(time.Minute))) {
			t.Fatalf("WatchedAt = %v, want the re-watch time", entries[0].WatchedAt)
		}
	})

	t.Run("OnlyVisibleVideos", func(t *testing.T) {
		_, videos, h, me, uploader := setup(t, 3)
		mine := newVideo(vid{n: 10, owner: me}) // unpublished, mine
		mustCreateVideos(t, videos, mine)
		for n, d := range map[int]time.Duration{1: 1, 2: 2, 3: 3, 10: 4} {
			touch(t, h, me, n, d*time.Second)
		}
		wantHistory(t, h, me, 1, 10, []int{10, 3, 2, 1}, 4)

		hide := func(n int) {
			v, err := videos.ByID(t.Context(), testID(n))
			mustNil(t, err, "ByID")
			v.TogglePublished(at(time.Hour))
			mustNil(t, putVideo(t.Context(), videos, v), "Update")
		}
		hide(2) // the uploader unpublishes: gone from my history, and from the total
		wantHistory(t, h, me, 1, 10, []int{10, 3, 1}, 3)
		wantHistory(t, h, me, 2, 2, []int{1}, 3)
		wantHistory(t, h, me, 1, 2, []int{10, 3}, 3) // a full page: the total is kept apart
		touch(t, h, uploader, 2, time.Minute)        // still theirs to see
		wantHistory(t, h, uploader, 1, 10, []int{2}, 1)
		hide(2) // published again: back in its place
		wantHistory(t, h, me, 1, 10, []int{10, 3, 2, 1}, 4)
		wantHistory(t, h, me, 1, 1, []int{10}, 4)
	})

	t.Run("Pages", func(t *testing.T) {
		_, videos, h, me, uploader := setup(t, 5)
		hidden := newVideo(vid{n: 6, owner: uploader}) // unpublished: never listed
		mustCreateVideos(t, videos, hidden)
		for n := 1; n <= 6; n++ {
			touch(t, h, me, n, time.Duration(n)*time.Second)
		}
		cases := []struct {
			page, limit int
			want        []int
		}{
			{1, 2, []int{5, 4}},
			{2, 2, []int{3, 2}},
			{3, 2, []int{1}},
			{4, 2, nil},
			{0, 2, []int{5, 4}}, // pages below 1 are the first
			{1, 0, []int{5}},    // limits below 1 are 1
			{2, 5, nil},         // a page that starts exactly at the end
			{1, 1000, []int{5, 4, 3, 2, 1}},
		}
		for _, c := range cases {
			wantHistory(t, h, me, c.page, c.limit, c.want, 5)
		}
	})

	t.Run("Remove", func(t *testing.T) {
		_, _, h, me, uploader := setup(t, 3)
		touch(t, h, me, 1, time.Second)
		touch(t, h, me, 2, 2*time.Second)
		touch(t, h, uploader, 3, 3*time.Second)
		mustNil(t, h.Remove(t.Context(), me, testID(1)), "Remove")
		wantHistory(t, h, me, 1, 10, []int{2}, 1)
		wantIs(t, h.Remove(t.Context(), me, testID(1)), video.ErrNotInHistory, "Remove again")
		wantIs(t, h.Remove(t.Context(), me, testID(3)), video.ErrNotInHistory, "Remove someone else's entry")
		wantIs(t, h.Remove(t.Context(), me, testID(99)), video.ErrNotInHistory, "Remove an unknown video")
		wantHistory(t, h, uploader, 1, 10, []int{3}, 1)
		touch(t, h, me, 3, 4*time.Second)
		touch(t, h, me, 1, 5*time.Second)
		mustNil(t, h.Remove(t.Context(), me, testID(3)), "Remove from the middle")
		wantHistory(t, h, me, 1, 1, []int{1}, 2) // a full page: the total is kept apart
		wantHistory(t, h, me, 3, 1, nil, 2)      // past the end: read alone
	})

	t.Run("Clear", func(t *testing.T) {
		_, videos, h, me, uploader := setup(t, 3)
		mustCreateVideos(t, videos, newVideo(vid{n: 4, owner: uploader})) // unpublished
		for n := 1; n <= 4; n++ {
			touch(t, h, me, n, time.Duration(n)*time.Second)
		}
		touch(t, h, uploader, 1, time.Second)
		n, err := h.Clear(t.Context(), me)
		mustNil(t, err, "Clear")
		if n != 4 { // hidden entries are cleared too
			t.Fatalf("Clear = %d, want 4", n)
		}
		wantHistory(t, h, me, 1, 10, nil, 0)
		wantHistory(t, h, me, 2, 1, nil, 0)
		wantHistory(t, h, uploader, 1, 10, []int{1}, 1)
		// Watching again counts from nothing; the hidden video does not.
		touch(t, h, me, 2, time.Minute)
		touch(t, h, me, 4, time.Minute)
		wantHistory(t, h, me, 2, 1, nil, 1)
		n, err = h.Clear(t.Context(), me)
		mustNil(t, err, "Clear after watching again")
		if n != 2 {
			t.Fatalf("Clear after watching again = %d, want 2", n)
		}
		n, err = h.Clear(t.Context(), me)
		mustNil(t, err, "Clear again")
		if n != 0 {
			t.Fatalf("second Clear = %d, want 0", n)
		}
	})

	t.Run("DeletingVideoRemovesEntries", func(t *testing.T) {
		_, videos, h, me, uploader := setup(t, 2)
		for _, u := range []id.ID{me, uploader} {
			touch(t, h, u, 1, time.Second)
			touch(t, h, u, 2, 2*time.Second)
		}
		// The store does not cascade: a video still in someone's history
		// is refused, until its entries are removed.
		wantIs(t, videos.Delete(t.Context(), testID(1)), video.ErrInUse, "Delete a watched video")
		wantHistory(t, h, me, 1, 10, []int{2, 1}, 2)
		n, err := h.RemoveVideo(t.Context(), testID(1))
		mustNil(t, err, "RemoveVideo")
		if n != 2 {
			t.Fatalf("RemoveVideo = %d, want 2", n)
		}
		if n, err := h.RemoveVideo(t.Context(), testID(1)); err != nil || n != 0 {
			t.Fatalf("RemoveVideo again = %d, %v", n, err)
		}
		mustNil(t, videos.Delete(t.Context(), testID(1)), "Delete")
		wantHistory(t, h, me, 1, 10, []int{2}, 1)
		wantHistory(t, h, me, 2, 1, nil, 1) // past the end: counted alone
		wantHistory(t, h, uploader, 1, 10, []int{2}, 1)
		wantIs(t, h.Remove(t.Context(), me, testID(1)), video.ErrNotInHistory, "Remove the deleted video")
		wantIs(t, h.Touch(t.Context(), me, testID(1), at(time.Minute)), video.ErrNotFound, "Touch the deleted video")
		n, err = h.Clear(t.Context(), me)
		mustNil(t, err, "Clear")
		if n != 1 {
			t.Fatalf("Clear = %d, want 1", n)
		}
	})

	t.Run("TouchUnknownVideo", func(t *testing.T) {
		_, _, h, me, _ := setup(t, 0)
		wantIs(t, h.Touch(t.Context(), me, testID(1), at(0)), video.ErrNotFound, "Touch")
		wantHistory(t, h, me, 1, 10, nil, 0)
	})
}

// wantHistory lists a page of user's history and checks its videos and
// total; it returns the entries.
func wantHistory(t *testing.T, h video.History, user id.ID, page, limit int, want []int, total int) []video.HistoryEntry {
	t.Helper()
	what := fmt.Sprintf("history of %s, page %d limit %d", user, page, limit)
	entries, n, err := h.List(t.Context(), user, page, limit)
	mustNil(t, err, what)
	list := make([]*video.Video, len(entries))
	for i, e := range entries {
		list[i] = e.Video
	}
	wantVideos(t, list, want, what)
	if n != total {
		t.Fatalf("%s: total %d, want %d", what, n, total)
	}
	return entries
}
