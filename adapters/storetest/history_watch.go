package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// testWatch checks History.Watch: the history entry, the view counted at
// most once per window and never for the owner, and the video refused to
// whoever may not see it.
func testWatch(t *testing.T, newRepos func(t *testing.T) (user.Repository, video.Repository, video.History)) {
	watch := func(t *testing.T, h video.History, who id.ID, v *video.Video, d, window time.Duration) {
		t.Helper()
		mustNil(t, h.Watch(t.Context(), who, v.ID(), at(d), window), fmt.Sprintf("Watch %s by %s at %v", v.ID(), who, d))
	}

	t.Run("WatchCountsOncePerWindow", func(t *testing.T) {
		users, videos, h := newRepos(t)
		owner, bob, cat := mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID(), mustCreateUser(t, users, 3).ID()
		v := newVideo(vid{n: 11, owner: owner, views: 5, published: true})
		other := newVideo(vid{n: 12, owner: owner, published: true})
		mustCreateVideos(t, videos, v, other)
		steps := []struct {
			who   id.ID
			video *video.Video
			at    time.Duration
			views int64 // of the video afterwards
		}{
			{owner, v, 0, 5},                         // the owner's views never count
			{bob, v, 0, 6},                           //
			{bob, v, 30 * time.Minute, 6},            // within the window
			{bob, v, window - time.Millisecond, 6},   // the refused view did not restart it
			{bob, v, window, 7},                      // a full window after the counted one
			{cat, v, window, 8},                      // another viewer
			{bob, other, window, 1},                  // another video
			{bob, v, 3 * window, 9},                  // long after
			{bob, v, 3*window - time.Millisecond, 9}, // a late request from before that view
			{owner, v, 4 * window, 9},
		}
		for i, s := range steps {
			watch(t, h, s.who, s.video, s.at, window)
			wantViews(t, videos, s.video.ID(), s.views)
			if t.Failed() {
				t.Fatalf("step %d", i)
			}
		}
		// Each watch touched the watcher's history, the owner's included.
		wantHistory(t, h, bob, 1, 10, []int{11, 12}, 2)
		wantHistory(t, h, owner, 1, 10, []int{11}, 1)
		got, err := videos.ByID(t.Context(), v.ID())
		mustNil(t, err, "ByID")
		// A view is not an edit: only the count changes.
		wantSameVideo(t, got, withVideo(v, func(s *video.Stored) { s.Views = 9 }), "after the views")
	})

	t.Run("WatchWithoutWindowCountsEveryView", func(t *testing.T) {
		users, videos, h := newRepos(t)
		owner, bob := mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID()
		v := newVideo(vid{n: 11, owner: owner, published: true})
		mustCreateVideos(t, videos, v)
		for i := range 3 {
			watch(t, h, bob, v, time.Duration(i)*time.Millisecond, 0)
		}
		wantViews(t, videos, v.ID(), 3)
	})

	t.Run("WatchRefusesWhatTheWatcherMayNotSee", func(t *testing.T) {
		users, videos, h := newRepos(t)
		owner, bob := mustCreateUser(t, users, 1).ID(), mustCreateUser(t, users, 2).ID()
		hidden := newVideo(vid{n: 11, owner: owner})
		mustCreateVideos(t, videos, hidden)
		wantIs(t, h.Watch(t.Context(), bob, hidden.ID(), at(0), window), video.ErrNotFound, "Watch of an unpublished video")
		wantIs(t, h.Watch(t.Context(), bob, testID(99), at(0), window), video.ErrNotFound, "Watch of an unknown video")
		wantHistory(t, h, bob, 1, 10, nil, 0)
		// The owner sees their own, and it is no view.
		watch(t, h, owner, hidden, 0, window)
		wantHistory(t, h, owner, 1, 10, []int{11}, 1)
		wantViews(t, videos, hidden.ID(), 0)
	})

	t.Run("ConcurrentWatchesOfDistinctViewers", func(t *testing.T) {
		users, videos, h := newRepos(t)
		v := newVideo(vid{n: 11, owner: mustCreateUser(t, users, 1).ID(), published: true})
		mustCreateVideos(t, videos, v)
		watchers := make([]id.ID, racers)
		for i := range watchers {
			watchers[i] = mustCreateUser(t, users, 100+i).ID()
		}
		for i, err := range race(func(i int) error { return h.Watch(t.Context(), watchers[i], v.ID(), at(0), window) }) {
			mustNil(t, err, fmt.Sprintf("racer %d", i))
		}
		wantViews(t, videos, v.ID(), racers)
	})

	t.Run("ConcurrentWatchesOfOneViewer", func(t *testing.T) {
		users, videos, h := newRepos(t)
		v := newVideo(vid{n: 11, owner: mustCreateUser(t, users, 1).ID(), published: true})
		mustCreateVideos(t, videos, v)
		bob := mustCreateUser(t, users, 2).ID()
		for i, err := range race(func(int) error { return h.Watch(t.Context(), bob, v.ID(), at(0), window) }) {
			mustNil(t, err, fmt.Sprintf("racer %d", i))
		}
		wantViews(t, videos, v.ID(), 1)
	})
}
