package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// window is the view-counting window the tests use.
const window = time.Hour

// Viewers need not be stored accounts: a view marker only names them.
func viewer(n int) id.ID { return testID(500 + n) }

func testVideoViews(t *testing.T, newRepos func(t *testing.T) (user.Repository, video.Repository)) {
	t.Run("RecordViewWindow", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		v := newVideo(vid{n: 1, owner: owner, views: 5, published: true})
		other := newVideo(vid{n: 2, owner: owner, published: true})
		mustCreateVideos(t, videos, v, other)
		steps := []struct {
			viewer  int
			video   *video.Video
			at      time.Duration
			counted bool
			views   int64
		}{
			{1, v, 0, true, 6},
			{1, v, 30 * time.Minute, false, 6},             // within the window
			{1, v, window - time.Millisecond, false, 6},    // still within: the refused view above did not restart it
			{1, v, window, true, 7},                        // a full window after the counted view
			{1, v, window + time.Millisecond, false, 7},    //
			{2, v, window + time.Millisecond, true, 8},     // another viewer
			{1, other, window + time.Millisecond, true, 1}, // the same viewer, another video
			{2, v, 3 * window, true, 9},                    // long after
			{2, v, 3*window - time.Millisecond, false, 9},  // a late request from before that view
		}
		for i, s := range steps {
			counted, views, err := videos.RecordView(t.Context(), s.video.ID(), viewer(s.viewer), at(s.at), window)
			mustNil(t, err, "RecordView")
			if counted != s.counted || views != s.views {
				t.Fatalf("step %d: RecordView = %v, %d; want %v, %d", i, counted, views, s.counted, s.views)
			}
		}
		got, err := videos.ByID(t.Context(), v.ID())
		mustNil(t, err, "ByID")
		// A view is not an edit: only the count changes.
		wantSameVideo(t, got, withVideo(v, func(s *video.Stored) { s.Views = 9 }), "after the views")
	})

	t.Run("RecordViewUnknownVideo", func(t *testing.T) {
		_, videos := newRepos(t)
		_, _, err := videos.RecordView(t.Context(), testID(1), viewer(1), at(0), window)
		wantIs(t, err, video.ErrNotFound, "RecordView")
	})

	t.Run("DeleteForgetsViews", func(t *testing.T) {
		users, videos := newRepos(t)
		owner := mustCreateUser(t, users, 1).ID()
		v := newVideo(vid{n: 1, owner: owner, published: true})
		mustCreateVideos(t, videos, v)
		_, _, err := videos.RecordView(t.Context(), v.ID(), viewer(1), at(0), window)
		mustNil(t, err, "RecordView")
		mustNil(t, videos.Delete(t.Context(), v.ID()), "Delete")
		_, _, err = videos.RecordView(t.Context(), v.ID(), viewer(1), at(time.Second), window)
		wantIs(t, err, video.ErrNotFound, "RecordView of a deleted video")
		// Were the marker left behind, a video reusing the id would refuse
		// the viewer's view within the window.
		mustCreateVideos(t, videos, v)
		counted, views, err := videos.RecordView(t.Context(), v.ID(), viewer(1), at(2*time.Second), window)
		mustNil(t, err, "RecordView")
		if !counted || views != 1 {
			t.Fatalf("RecordView after re-creating = %v, %d; want true, 1", counted, views)
		}
	})

	t.Run("ConcurrentViewsOfDistinctViewers", func(t *testing.T) {
		users, videos := newRepos(t)
		v := newVideo(vid{n: 1, owner: mustCreateUser(t, users, 1).ID(), published: true})
		mustCreateVideos(t, videos, v)
		views := make([]int64, racers)
		counted := make([]bool, racers)
		results := race(func(i int) (err error) {
			counted[i], views[i], err = videos.RecordView(t.Context(), v.ID(), viewer(i), at(0), window)
			return err
		})
		for i, err := range results {
			mustNil(t, err, fmt.Sprintf("racer %d", i))
			if !counted[i] {
				t.Fatalf("racer %d: view not counted", i)
			}
		}
		// Each racer saw its own increment: the counts are 1..racers.
		slices.Sort(views)
		for i, n := range views {
			if n != int64(i+1) {
				t.Fatalf("view counts returned %v, want each of 1..%d once", views, racers)
			}
		}
		wantViews(t, videos, v.ID(), racers)
	})

	t.Run("ConcurrentViewsOfOneViewer", func(t *testing.T) {
		users, videos := newRepos(t)
		v := newVideo(vid{n: 1, owner: mustCreateUser(t, users, 1).ID(), published: true})
		mustCreateVideos(t, videos, v)
		views := make([]int64, racers)
		counted := make([]bool, racers)
		results := race(func(i int) (err error) {
			counted[i], views[i], err = videos.RecordView(t.Context(), v.ID(), viewer(1), at(0), window)
			return err
		})
		winners := 0
		for i, err := range results {
			mustNil(t, err, fmt.Sprintf("racer %d", i))
			if counted[i] {
				winners++
			}
			// Losers wait for the winner's marker, and so see its count.
			if views[i] != 1 {
				t.Fatalf("racer %d saw %d views, want 1", i, views[i])
			}
		}
		if winners != 1 {
			t.Fatalf("%d racers counted the same viewer's view, want 1", winners)
		}
		wantViews(t, videos, v.ID(), 1)
	})
}

func wantViews(t *testing.T, repo video.Repository, vid id.ID, want int64) {
	t.Helper()
	got, err := repo.ByID(t.Context(), vid)
	mustNil(t, err, "ByID")
	if got.Views() != want {
		t.Fatalf("Views = %d, want %d", got.Views(), want)
	}
}
