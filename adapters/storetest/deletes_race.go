package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/post"
)

// addRounds is how many writes each racer tries against a target being
// deleted, as a user keeping it busy in a loop would.
const addRounds = 10

// raceDelete runs del beside racers adders, all released at once, and
// returns each adder's error and del's.
func raceDelete(del func() error, add func(i int) error) (addErrs []error, delErr error) {
	addErrs = make([]error, racers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		<-start
		delErr = del()
	})
	for i := range racers {
		wg.Go(func() {
			<-start
			addErrs[i] = add(i)
		})
	}
	close(start)
	wg.Wait()
	return addErrs, delErr
}

// racerUsers stores one user per racer, numbered 10 on, so that each
// racer's likes are its own.
func racerUsers(t *testing.T, s Social) []id.ID {
	t.Helper()
	ns := make([]int, racers)
	for i := range ns {
		ns[i] = 10 + i
	}
	return mustUsers(t, s, ns...)
}

// toggleLike likes and unlikes target in a loop, ending on a like, until
// the target is gone; it returns the first error.
func toggleLike(t *testing.T, s Social, user id.ID, target like.Target) error {
	for range addRounds {
		if _, err := s.Likes.Remove(t.Context(), user, target); err != nil {
			return err
		}
		if _, err := s.Likes.Add(t.Context(), like.Like{User: user, Target: target, CreatedAt: at(0)}); err != nil {
			return err
		}
	}
	return nil
}

// wantOnly checks that every racer's error is nil or one of allowed.
func wantOnly(t *testing.T, errs []error, allowed ...error) {
	t.Helper()
	for i, err := range errs {
		if err != nil && !isAny(err, allowed) {
			t.Fatalf("racer %d: %v, want nil or one of %v", i, err, allowed)
		}
	}
}

func isAny(err error, targets []error) bool {
	for _, target := range targets {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// wantNoLikes checks that no like of the targets is left, by count and by
// each user.
func wantNoLikes(t *testing.T, s Social, users []id.ID, k like.Kind, targets []int) {
	t.Helper()
	want := make(map[int]int64, len(targets))
	for _, n := range targets {
		want[n] = 0
	}
	wantLikeCounts(t, s, k, want)
	for _, u := range users {
		wantLikedBy(t, s, u, k, targets)
	}
}

// Likes racing the deletion of their comment never keep it: the delete
// succeeds, each like comes before it and goes with it or finds the
// comment gone, and no like of it is left.
func testCommentDeleteRaces(t *testing.T, setup func(t *testing.T) (Social, id.ID, id.ID)) {
	for _, c := range []struct {
		name string
		del  func(s Social, t *testing.T) error
	}{
		{"DeleteRacingLikes", func(s Social, t *testing.T) error {
			return s.Comments.Delete(t.Context(), testID(301))
		}},
		{"DeleteIDsRacingLikes", func(s Social, t *testing.T) error {
			n, err := s.Comments.DeleteIDs(t.Context(), []id.ID{testID(301)})
			if err == nil && n != 1 {
				return fmt.Errorf("DeleteIDs = %d, want 1", n)
			}
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, me, _ := setup(t)
			users := racerUsers(t, s)
			mustComment(t, s, 301, me, underVideo(101), 0)
			mustComment(t, s, 302, me, underVideo(101), 0)
			mustLike(t, s, me, onComment(301), 0)
			mustLike(t, s, me, onComment(302), 0)
			addErrs, delErr := raceDelete(func() error { return c.del(s, t) }, func(i int) error {
				return toggleLike(t, s, users[i], onComment(301))
			})
			mustNil(t, delErr, "delete racing likes")
			wantOnly(t, addErrs, like.ErrTargetGone)
			_, err := s.Comments.ByID(t.Context(), testID(301))
			wantIs(t, err, comment.ErrNotFound, "ByID of the deleted comment")
			wantNoLikes(t, s, append(users, me), like.OnComment, []int{301})
			wantRemoveAll(t, s, like.OnComment, []int{301}, 0)
			wantLikeCounts(t, s, like.OnComment, map[int]int64{302: 1})
		})
	}
}

// Likes and comments racing the deletion of their post never keep it: the
// delete succeeds, and no like of the post, comment under it or like of
// such a comment is left, the ones written during the race included.
func testPostDeleteRace(t *testing.T, setup func(t *testing.T) (Social, id.ID, id.ID)) {
	t.Run("DeleteRacingLikesAndComments", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		users := racerUsers(t, s)
		mustPost(t, s, 401, me, 0)
		mustPost(t, s, 402, me, 0)
		mustComment(t, s, 301, other, underPost(401), 0)
		mustComment(t, s, 302, other, underPost(402), 0)
		mustLike(t, s, other, onPost(401), 0)
		mustLike(t, s, other, onPost(402), 0)
		mustLike(t, s, other, onComment(301), 0)
		mustLike(t, s, other, onComment(302), 0)
		// Racers i%3 == 2 comment under the post and like each of their
		// comments, built beforehand so that no racer can fail the test.
		var comments []int
		toAdd := make([][]*comment.Comment, racers)
		for i := 2; i < racers; i += 3 {
			for round := range addRounds {
				n := 1000 + i*addRounds + round
				comments = append(comments, n)
				toAdd[i] = append(toAdd[i], newComment(t, n, users[i], underPost(401), 0))
			}
		}
		addErrs, delErr := raceDelete(func() error { return s.Posts.Delete(t.Context(), testID(401)) }, func(i int) error {
			switch i % 3 {
			case 0:
				return toggleLike(t, s, users[i], onPost(401))
			case 1:
				return toggleLike(t, s, users[i], onComment(301))
			}
			for _, c := range toAdd[i] {
				if err := s.Comments.Create(t.Context(), c); err != nil {
					return err
				}
				if _, err := s.Likes.Add(t.Context(), like.Like{User: users[i], Target: like.Target{Kind: like.OnComment, ID: c.ID()}, CreatedAt: at(0)}); err != nil {
					return err
				}
			}
			return nil
		})
		mustNil(t, delErr, "Delete racing likes and comments")
		wantOnly(t, addErrs, like.ErrTargetGone, comment.ErrParentGone)

		_, err := s.Posts.ByID(t.Context(), testID(401))
		wantIs(t, err, post.ErrNotFound, "ByID of the deleted post")
		ids, err := s.Comments.IDsUnder(t.Context(), underPost(401), list.MaxIDs)
		mustNil(t, err, "IDsUnder the deleted post")
		wantIDNums(t, ids, nil, "comments left under the deleted post")
		comments = append(comments, 301)
		for _, n := range comments {
			_, err := s.Comments.ByID(t.Context(), testID(n))
			wantIs(t, err, comment.ErrNotFound, fmt.Sprintf("ByID of comment %d", n))
		}
		all := append(users, me, other)
		wantNoLikes(t, s, all, like.OnPost, []int{401})
		wantNoLikes(t, s, all, like.OnComment, comments)
		wantRemoveAll(t, s, like.OnPost, []int{401}, 0)
		wantRemoveAll(t, s, like.OnComment, comments, 0)
		wantLikeCounts(t, s, like.OnPost, map[int]int64{402: 1})
		wantLikeCounts(t, s, like.OnComment, map[int]int64{302: 1})
	})
}
