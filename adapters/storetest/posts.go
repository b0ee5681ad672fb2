package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/post"
)

// TestPosts checks a post.Repository. newStore returns fresh, empty
// repositories of one store each time it is called.
func TestPosts(t *testing.T, newStore func(t *testing.T) Social) {
	postID := func(p *post.Post) id.ID { return p.ID() }
	postPos := func(p *post.Post) list.Position { return list.Position{At: p.CreatedAt(), ID: p.ID()} }
	setup := func(t *testing.T) (s Social, me, other id.ID) {
		s = newStore(t)
		u := mustUsers(t, s, 1, 2)
		return s, u[0], u[1]
	}

	t.Run("CreateAndGet", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		when := time.Date(2025, 12, 31, 23, 59, 59, 999_999_999, time.UTC)
		want := post.FromStored(post.Stored{ID: testID(401), Owner: me, Content: "hello ✓ 'q' \"d\" \\ % _\r\nsecond line",
			CreatedAt: when, UpdatedAt: when.Add(1500 * time.Millisecond)})
		mustNil(t, s.Posts.Create(t.Context(), want), "Create")
		mustPost(t, s, 402, me, 0)
		got, err := s.Posts.ByID(t.Context(), want.ID())
		mustNil(t, err, "ByID")
		wantSamePost(t, got, want, "ByID")
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		mustPost(t, s, 401, me, 0)
		_, err := s.Posts.ByID(t.Context(), testID(499))
		wantIs(t, err, post.ErrNotFound, "ByID")
		called := false
		_, err = s.Posts.Update(t.Context(), testID(499), func(*post.Post) error { called = true; return nil })
		wantIs(t, err, post.ErrNotFound, "Update")
		if called {
			t.Fatal("the change ran for a missing post")
		}
		wantIs(t, s.Posts.Delete(t.Context(), testID(499)), post.ErrNotFound, "Delete")
		mustNil(t, s.Posts.Delete(t.Context(), testID(401)), "Delete")
		wantIs(t, s.Posts.Delete(t.Context(), testID(401)), post.ErrNotFound, "Delete again")
		_, err = s.Posts.ByID(t.Context(), testID(401))
		wantIs(t, err, post.ErrNotFound, "ByID after Delete")
	})

	t.Run("UpdateWritesContentOnly", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		orig := mustPost(t, s, 401, me, time.Second)
		out, err := s.Posts.Update(t.Context(), orig.ID(), func(p *post.Post) error {
			st := p.Stored()
			st.Owner, st.CreatedAt = other, at(-time.Hour) // not written
			*p = *post.FromStored(st)
			return p.Edit("  edited  ", at(time.Minute))
		})
		mustNil(t, err, "Update")
		st := orig.Stored()
		st.Content, st.UpdatedAt = "edited", at(time.Minute)
		want := post.FromStored(st)
		wantSamePost(t, out, want, "Update's result")
		got, err := s.Posts.ByID(t.Context(), orig.ID())
		mustNil(t, err, "ByID")
		wantSamePost(t, got, want, "after Update")
	})

	t.Run("ConcurrentEditsAllStay", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		p := mustPost(t, s, 401, me, 0)
		results := race(func(i int) error {
			_, err := s.Posts.Update(t.Context(), p.ID(), func(p *post.Post) error {
				return p.Edit(fmt.Sprintf("%s %d", p.Content(), i), at(time.Duration(i)*time.Second))
			})
			return err
		})
		for i, err := range results {
			mustNil(t, err, fmt.Sprintf("racer %d", i))
		}
		got, err := s.Posts.ByID(t.Context(), p.ID())
		mustNil(t, err, "ByID")
		wantAppended(t, got.Content(), "Post 401")
	})

	t.Run("FailedChangeWritesNothing", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		p := mustPost(t, s, 401, me, 0)
		_, err := s.Posts.Update(t.Context(), p.ID(), func(p *post.Post) error {
			mustNil(t, p.Edit("half done", at(time.Minute)), "Edit")
			return errChange
		})
		if !errors.Is(err, errChange) {
			t.Fatalf("Update = %v, want the change's error", err)
		}
		got, err := s.Posts.ByID(t.Context(), p.ID())
		mustNil(t, err, "ByID")
		wantSamePost(t, got, p, "after a failed change")
	})

	t.Run("ListNewestFirstAndPages", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		for i, d := range []time.Duration{1, 2, 2, 3, 0, 3, 4} { // 402 and 403, 404 and 406 tie
			mustPost(t, s, 401+i, me, d*time.Second)
		}
		mustPost(t, s, 411, other, 2*time.Second)
		mustPost(t, s, 412, other, 5*time.Second)
		mine := []int{407, 406, 404, 403, 402, 401, 405}
		fetch := func(w list.Window) (list.Page[*post.Post], error) {
			return s.Posts.List(t.Context(), post.Query{Owner: me, Window: w})
		}
		checkPages(t, mine, fetch, postID, "my posts")
		got := walkAfter(t, 2, fetch, postPos, func(int) {})
		wantNums(t, nums(t, got, postID), mine, "my posts by position")
		all := []int{412, 407, 406, 404, 411, 403, 402, 401, 405}
		p, err := s.Posts.List(t.Context(), post.Query{Window: list.Window{Limit: 100}})
		wantListPage(t, p, err, postID, all, 9, false, "every post")
		p, err = s.Posts.List(t.Context(), post.Query{Window: list.Window{Limit: 4, Page: 2}})
		wantListPage(t, p, err, postID, all[4:8], 9, true, "every post, page 2")
		p, err = s.Posts.List(t.Context(), post.Query{Owner: testID(99), Window: list.Window{Limit: 4}})
		wantListPage(t, p, err, postID, nil, 0, false, "nobody's posts")
	})

	t.Run("PositionsWhilePosting", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		for i := range 6 {
			mustPost(t, s, 401+i, me, time.Duration(i+1)*time.Second)
		}
		fetch := func(w list.Window) (list.Page[*post.Post], error) {
			return s.Posts.List(t.Context(), post.Query{Window: w})
		}
		got := walkAfter(t, 2, fetch, postPos, func(page int) {
			switch page {
			case 2: // the cursor is (5s, 405)
				mustPost(t, s, 1001, other, 10*time.Second) // before the cursor
				mustPost(t, s, 1002, other, 4*time.Second)  // ties with 404, higher id
			case 3: // the cursor is (4s, 404)
				mustNil(t, s.Posts.Delete(t.Context(), testID(403)), "Delete")
			}
		})
		wantNums(t, nums(t, got, postID), []int{406, 405, 1002, 404, 402, 401}, "walk")
	})

	t.Run("ListLimitAtMost100", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		for n := range list.MaxLimit + 1 {
			mustPost(t, s, 1000+n, me, time.Duration(n)*time.Millisecond)
		}
		p, err := s.Posts.List(t.Context(), post.Query{Window: list.Window{Limit: 1000}})
		mustNil(t, err, "List")
		if len(p.Items) != list.MaxLimit || p.Total != list.MaxLimit+1 || !p.More {
			t.Fatalf("limit 1000: %d items, Total %d, More %v", len(p.Items), p.Total, p.More)
		}
	})

	// Deleting a post takes its likes, its comments and theirs along, so
	// no like or comment can keep it from going; another post's stay.
	t.Run("DeleteTakesLikesAndComments", func(t *testing.T) {
		t.Parallel()
		s, me, other := setup(t)
		mustPost(t, s, 401, me, 0)
		mustPost(t, s, 402, me, 0)
		mustLike(t, s, other, onPost(401), 0)
		mustLike(t, s, me, onPost(401), 0)
		mustLike(t, s, other, onPost(402), 0)
		mustComment(t, s, 301, other, underPost(401), 0)
		mustComment(t, s, 302, me, underPost(401), time.Second)
		mustComment(t, s, 303, other, underPost(402), 0)
		mustLike(t, s, me, onComment(301), 0)
		mustLike(t, s, other, onComment(302), 0)
		mustLike(t, s, me, onComment(303), 0)
		mustNil(t, s.Posts.Delete(t.Context(), testID(401)), "Delete a liked, commented post")

		_, err := s.Posts.ByID(t.Context(), testID(401))
		wantIs(t, err, post.ErrNotFound, "ByID of the deleted post")
		for _, n := range []int{301, 302} {
			_, err := s.Comments.ByID(t.Context(), testID(n))
			wantIs(t, err, comment.ErrNotFound, fmt.Sprintf("ByID of comment %d under the deleted post", n))
		}
		page, err := s.Comments.List(t.Context(), comment.Query{Parent: underPost(401)})
		wantListPage(t, page, err, (*comment.Comment).ID, nil, 0, false, "comments under the deleted post")
		wantLikeCounts(t, s, like.OnPost, map[int]int64{401: 0, 402: 1})
		wantLikeCounts(t, s, like.OnComment, map[int]int64{301: 0, 302: 0, 303: 1})
		wantLikedBy(t, s, me, like.OnPost, []int{401, 402})
		wantLikedBy(t, s, other, like.OnPost, []int{401, 402}, 402)
		wantLikedBy(t, s, me, like.OnComment, []int{301, 303}, 303)
		wantLikedBy(t, s, other, like.OnComment, []int{302})
		// No orphans: nothing left for the core to remove.
		wantRemoveAll(t, s, like.OnPost, []int{401}, 0)
		wantRemoveAll(t, s, like.OnComment, []int{301, 302}, 0)

		_, err = s.Likes.Add(t.Context(), like.Like{User: me, Target: onPost(401), CreatedAt: at(0)})
		wantIs(t, err, like.ErrTargetGone, "Add a like of the deleted post")
		_, err = s.Likes.Add(t.Context(), like.Like{User: me, Target: onComment(301), CreatedAt: at(0)})
		wantIs(t, err, like.ErrTargetGone, "Add a like of a comment under the deleted post")
		err = s.Comments.Create(t.Context(), newComment(t, 304, me, underPost(401), 0))
		wantIs(t, err, comment.ErrParentGone, "Create a comment under the deleted post")
		wantIs(t, s.Posts.Delete(t.Context(), testID(401)), post.ErrNotFound, "Delete again")
		_, err = s.Comments.ByID(t.Context(), testID(303))
		mustNil(t, err, "ByID of the other post's comment")
	})

	testPostDeleteRace(t, setup)
}

func wantSamePost(t *testing.T, got, want *post.Post, what string) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil post", what)
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
