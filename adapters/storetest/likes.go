package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/video"
)

// TestLikes checks a like.Repository. newStore returns fresh, empty
// repositories of one store each time it is called; likes are on stored
// videos, comments and posts.
func TestLikes(t *testing.T, newStore func(t *testing.T) Social) {
	// setup stores me (user 1) and an uploader (user 2), the uploader's
	// published videos 101, 102 and 105 and unpublished 103, my unpublished
	// 104, comment 301 under video 101 and the uploader's post 401.
	setup := func(t *testing.T) (s Social, me, uploader id.ID) {
		s = newStore(t)
		u := mustUsers(t, s, 1, 2)
		me, uploader = u[0], u[1]
		mustCreateVideos(t, s.Videos,
			newVideo(vid{n: 101, owner: uploader, published: true, views: 1}),
			newVideo(vid{n: 102, owner: uploader, published: true}),
			newVideo(vid{n: 103, owner: uploader}),
			newVideo(vid{n: 104, owner: me}),
			newVideo(vid{n: 105, owner: uploader, published: true}))
		mustPost(t, s, 401, uploader, 0)
		mustComment(t, s, 301, uploader, underVideo(101), 0)
		return s, me, uploader
	}

	t.Run("AddIsUniqueAndCounts", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		mustLike(t, s, me, onVideo(101), time.Second)
		mustLike(t, s, uploader, onVideo(101), time.Second)
		mustLike(t, s, me, onComment(301), time.Second)
		mustLike(t, s, me, onPost(401), time.Second)
		added, err := s.Likes.Add(t.Context(), like.Like{User: me, Target: onVideo(101), CreatedAt: at(time.Minute)})
		if err != nil || added {
			t.Fatalf("Add of a stored pair = %v, %v; want false, nil", added, err)
		}
		wantLikeCounts(t, s, like.OnVideo, map[int]int64{101: 2, 102: 0, 301: 0, 199: 0})
		wantLikeCounts(t, s, like.OnComment, map[int]int64{301: 1, 101: 0})
		wantLikeCounts(t, s, like.OnPost, map[int]int64{401: 1, 301: 0})
		wantLikedBy(t, s, me, like.OnVideo, []int{101, 102, 301, 199}, 101)
		wantLikedBy(t, s, me, like.OnComment, []int{301, 101}, 301)
		wantLikedBy(t, s, uploader, like.OnComment, []int{301})

		removed, err := s.Likes.Remove(t.Context(), me, onPost(101)) // the kind counts
		if err != nil || removed {
			t.Fatalf("Remove of another kind = %v, %v; want false, nil", removed, err)
		}
		removed, err = s.Likes.Remove(t.Context(), me, onVideo(101))
		if err != nil || !removed {
			t.Fatalf("Remove = %v, %v; want true, nil", removed, err)
		}
		removed, err = s.Likes.Remove(t.Context(), me, onVideo(101))
		if err != nil || removed {
			t.Fatalf("Remove again = %v, %v; want false, nil", removed, err)
		}
		wantLikeCounts(t, s, like.OnVideo, map[int]int64{101: 1})
		wantLikedBy(t, s, me, like.OnVideo, []int{101})
		wantLikedBy(t, s, uploader, like.OnVideo, []int{101}, 101)
		wantLikeCounts(t, s, like.OnVideo, map[int]int64{})
	})

	t.Run("TargetGone", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		mustNil(t, s.Videos.Delete(t.Context(), testID(102)), "Delete video 102")
		for _, target := range []like.Target{onVideo(199), onVideo(102), onComment(399), onPost(499), onComment(101), onPost(301)} {
			_, err := s.Likes.Add(t.Context(), like.Like{User: me, Target: target, CreatedAt: at(0)})
			wantIs(t, err, like.ErrTargetGone, fmt.Sprintf("Add like of %s %s", target.Kind, target.ID))
			wantLikeCounts(t, s, target.Kind, map[int]int64{num(t, target.ID): 0})
		}
	})

	// A liked video is refused until the core removes its likes; a liked
	// comment or post goes with its likes.
	t.Run("VideosInUseUntilRemoveAll", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		for _, u := range []id.ID{me, uploader} {
			mustLike(t, s, u, onVideo(101), 0)
			mustLike(t, s, u, onComment(301), 0)
		}
		mustLike(t, s, me, onVideo(102), 0)
		mustLike(t, s, me, onPost(401), 0)
		wantIs(t, s.Videos.Delete(t.Context(), testID(101)), video.ErrInUse, "Delete a liked video")

		wantRemoveAll(t, s, like.OnVideo, []int{301, 401}, 0) // other kinds are left alone
		wantLikeCounts(t, s, like.OnComment, map[int]int64{301: 2})
		wantLikeCounts(t, s, like.OnPost, map[int]int64{401: 1})
		wantRemoveAll(t, s, like.OnVideo, []int{101, 199}, 2)
		wantRemoveAll(t, s, like.OnVideo, []int{101}, 0)
		wantLikeCounts(t, s, like.OnVideo, map[int]int64{101: 0, 102: 1})
		wantIs(t, s.Videos.Delete(t.Context(), testID(101)), video.ErrInUse, "Delete a video with a comment")
		mustNil(t, s.Comments.Delete(t.Context(), testID(301)), "Delete a liked comment")
		wantLikeCounts(t, s, like.OnComment, map[int]int64{301: 0})
		wantLikedBy(t, s, me, like.OnComment, []int{301})
		mustNil(t, s.Videos.Delete(t.Context(), testID(101)), "Delete the video without likes or comments")
		mustNil(t, s.Posts.Delete(t.Context(), testID(401)), "Delete a liked post")
		wantLikeCounts(t, s, like.OnPost, map[int]int64{401: 0})
		wantLikedBy(t, s, me, like.OnPost, []int{401})
		wantIs(t, s.Videos.Delete(t.Context(), testID(102)), video.ErrInUse, "Delete a liked video")
		wantRemoveAll(t, s, like.OnComment, []int{301}, 0)
		wantRemoveAll(t, s, like.OnPost, []int{401}, 0)
		wantRemoveAll(t, s, like.OnVideo, nil, 0)
	})

	t.Run("ConcurrentAddsStoreOne", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		results := race(func(i int) error {
			added, err := s.Likes.Add(t.Context(), like.Like{User: me, Target: onVideo(101), CreatedAt: at(time.Duration(i) * time.Second)})
			if err == nil && !added {
				return errNotAdded
			}
			return err
		})
		oneWinner(t, results, errNotAdded)
		wantLikeCounts(t, s, like.OnVideo, map[int]int64{101: 1})
	})

	t.Run("ConcurrentToggles", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		results := race(func(i int) error {
			if i%2 == 1 {
				_, err := s.Likes.Remove(t.Context(), me, onComment(301))
				return err
			}
			_, err := s.Likes.Add(t.Context(), like.Like{User: me, Target: onComment(301), CreatedAt: at(0)})
			return err
		})
		for i, err := range results {
			mustNil(t, err, fmt.Sprintf("racer %d", i))
		}
		liked, err := s.Likes.LikedBy(t.Context(), me, like.OnComment, []id.ID{testID(301)})
		mustNil(t, err, "LikedBy")
		counts, err := s.Likes.Counts(t.Context(), like.OnComment, []id.ID{testID(301)})
		mustNil(t, err, "Counts")
		if (counts[testID(301)] == 1) != liked[testID(301)] || counts[testID(301)] > 1 {
			t.Fatalf("Counts = %v with LikedBy = %v", counts, liked)
		}
	})

	// Likes and unlikes of several users racing on each kind of item
	// leave every count equal to the likes stored.
	t.Run("ConcurrentTogglesKeepCounts", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		targets := []like.Target{onVideo(101), onComment(301), onPost(401)}
		numbers := map[like.Kind]int{like.OnVideo: 101, like.OnComment: 301, like.OnPost: 401}
		results := race(func(i int) error {
			user := me
			if i%2 == 1 {
				user = uploader
			}
			for _, target := range targets {
				var err error
				if i%4 < 2 {
					_, err = s.Likes.Add(t.Context(), like.Like{User: user, Target: target, CreatedAt: at(0)})
				} else {
					_, err = s.Likes.Remove(t.Context(), user, target)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		for i, err := range results {
			mustNil(t, err, fmt.Sprintf("racer %d", i))
		}
		for _, target := range targets {
			liked, err := s.Likes.LikedBy(t.Context(), me, target.Kind, []id.ID{target.ID})
			mustNil(t, err, "LikedBy")
			likedToo, err := s.Likes.LikedBy(t.Context(), uploader, target.Kind, []id.ID{target.ID})
			mustNil(t, err, "LikedBy")
			n := int64(0)
			for _, l := range []map[id.ID]bool{liked, likedToo} {
				if l[target.ID] {
					n++
				}
			}
			wantLikeCounts(t, s, target.Kind, map[int]int64{numbers[target.Kind]: n})
		}
	})

	// A like racing the deletion of its video: either the like is stored
	// and the deletion refused, or the video is gone and every like
	// refused; never a like of a deleted video.
	t.Run("AddRacingDelete", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		results := race(func(i int) error {
			if i == racers/2 {
				return s.Videos.Delete(t.Context(), testID(102))
			}
			user := me
			if i%2 == 1 {
				user = uploader
			}
			_, err := s.Likes.Add(t.Context(), like.Like{User: user, Target: onVideo(102), CreatedAt: at(0)})
			return err
		})
		deleteErr := results[racers/2]
		for i, err := range results {
			switch {
			case i == racers/2:
			case deleteErr == nil && !errors.Is(err, like.ErrTargetGone):
				t.Fatalf("racer %d: %v after the video was deleted, want ErrTargetGone", i, err)
			case err != nil && !errors.Is(err, like.ErrTargetGone):
				t.Fatalf("racer %d: %v", i, err)
			}
		}
		_, err := s.Videos.ByID(t.Context(), testID(102))
		if deleteErr == nil {
			wantIs(t, err, video.ErrNotFound, "ByID of the deleted video")
			return
		}
		wantIs(t, deleteErr, video.ErrInUse, "Delete racing likes")
		mustNil(t, err, "ByID of the kept video")
		counts, err := s.Likes.Counts(t.Context(), like.OnVideo, []id.ID{testID(102)})
		mustNil(t, err, "Counts")
		if counts[testID(102)] == 0 {
			t.Fatal("Delete refused without a like stored")
		}
	})

	testLikedVideos(t, setup)
}

func wantLikeCounts(t *testing.T, s Social, k like.Kind, want map[int]int64) {
	t.Helper()
	targets := make([]id.ID, 0, len(want))
	w := make(map[id.ID]int64, len(want))
	for n, c := range want {
		targets = append(targets, testID(n))
		w[testID(n)] = c
	}
	got, err := s.Likes.Counts(t.Context(), k, targets)
	mustNil(t, err, "Counts")
	if got == nil || !mapsEqual(got, w) {
		t.Fatalf("Counts of %s %v = %v, want %v", k, targets, got, w)
	}
	// Figures counts the same, whoever asks.
	got, _, err = s.Likes.Figures(t.Context(), testID(999), k, targets)
	mustNil(t, err, "Figures")
	if got == nil || !mapsEqual(got, w) {
		t.Fatalf("Figures of %s %v counts %v, want %v", k, targets, got, w)
	}
	// So do the figures of lists, which a store may keep as counts of
	// its own (an item that is not one counts none).
	items := make([]app.Item, len(targets))
	for i, target := range targets {
		items[i] = app.Item{ID: target}
	}
	figs, err := s.Figures.Figures(t.Context(), testID(999), k, items)
	mustNil(t, err, "list figures")
	for i, f := range figs {
		if f.Likes != w[targets[i]] {
			t.Fatalf("list figures of %s %v: %d likes, want %d", k, targets[i], f.Likes, w[targets[i]])
		}
	}
}

// wantLikedBy checks that among targets user liked exactly liked.
func wantLikedBy(t *testing.T, s Social, user id.ID, k like.Kind, targets []int, liked ...int) {
	t.Helper()
	ids := make([]id.ID, len(targets))
	for i, n := range targets {
		ids[i] = testID(n)
	}
	want := make(map[id.ID]bool)
	for _, n := range liked {
		want[testID(n)] = true
	}
	got, err := s.Likes.LikedBy(t.Context(), user, k, ids)
	mustNil(t, err, "LikedBy")
	if got == nil || !mapsEqual(got, want) {
		t.Fatalf("LikedBy %s of %s %v = %v, want %v", user, k, targets, got, want)
	}
	// Figures tells the same.
	_, got, err = s.Likes.Figures(t.Context(), user, k, ids)
	mustNil(t, err, "Figures")
	if got == nil || !mapsEqual(got, want) {
		t.Fatalf("Figures of %s for %s %v: liked %v, want %v", k, user, targets, got, want)
	}
}

func wantRemoveAll(t *testing.T, s Social, k like.Kind, targets []int, want int) {
	t.Helper()
	ids := make([]id.ID, len(targets))
	for i, n := range targets {
		ids[i] = testID(n)
	}
	n, err := s.Likes.RemoveAll(t.Context(), k, ids)
	mustNil(t, err, "RemoveAll")
	if n != want {
		t.Fatalf("RemoveAll of %s %v = %d, want %d", k, targets, n, want)
	}
}
