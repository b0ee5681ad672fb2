package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
)

// TestComments checks a comment.Repository. newStore returns fresh, empty
// repositories of one store each time it is called; comments are under
// stored videos and posts.
func TestComments(t *testing.T, newStore func(t *testing.T) Social) {
	// setup stores me (user 1), an uploader (user 2), the uploader's video
	// 101 and post 401.
	setup := func(t *testing.T) (s Social, me, uploader id.ID) {
		s = newStore(t)
		u := mustUsers(t, s, 1, 2)
		mustCreateVideos(t, s.Videos, newVideo(vid{n: 101, owner: u[1], published: true}))
		mustPost(t, s, 401, u[1], 0)
		return s, u[0], u[1]
	}

	t.Run("CreateAndGet", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		when := time.Date(2025, 12, 31, 23, 59, 59, 999_999_999, time.UTC)
		for i, c := range []comment.Stored{
			{ID: testID(301), Owner: me, Parent: underVideo(101), Content: "first ✓ 'q' \"d\" \\ % _", CreatedAt: when, UpdatedAt: when},
			{ID: testID(302), Owner: uploader, Parent: underPost(401), Content: "line one\r\nline two", CreatedAt: when, UpdatedAt: when.Add(1500 * time.Millisecond)},
		} {
			want := comment.FromStored(c)
			mustNil(t, s.Comments.Create(t.Context(), want), "Create")
			got, err := s.Comments.ByID(t.Context(), c.ID)
			mustNil(t, err, "ByID")
			wantSameComment(t, got, want, fmt.Sprintf("comment %d", i))
		}
	})

	t.Run("ParentGone", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		mustCreateVideos(t, s.Videos, newVideo(vid{n: 102, owner: uploader}))
		mustNil(t, s.Videos.Delete(t.Context(), testID(102)), "Delete video 102")
		for i, p := range []comment.Parent{underVideo(199), underVideo(102), underPost(499), underPost(101), underVideo(401)} {
			c := newComment(t, 310+i, me, p, 0)
			wantIs(t, s.Comments.Create(t.Context(), c), comment.ErrParentGone, fmt.Sprintf("Create under %v", p))
			_, err := s.Comments.ByID(t.Context(), c.ID())
			wantIs(t, err, comment.ErrNotFound, "ByID of a refused comment")
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		mustComment(t, s, 301, me, underVideo(101), 0)
		_, err := s.Comments.ByID(t.Context(), testID(399))
		wantIs(t, err, comment.ErrNotFound, "ByID")
		called := false
		_, err = s.Comments.Update(t.Context(), testID(399), func(*comment.Comment) error { called = true; return nil })
		wantIs(t, err, comment.ErrNotFound, "Update")
		if called {
			t.Fatal("the change ran for a missing comment")
		}
		wantIs(t, s.Comments.Delete(t.Context(), testID(399)), comment.ErrNotFound, "Delete")
		mustNil(t, s.Comments.Delete(t.Context(), testID(301)), "Delete")
		wantIs(t, s.Comments.Delete(t.Context(), testID(301)), comment.ErrNotFound, "Delete again")
	})

	t.Run("UpdateWritesContentOnly", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		orig := mustComment(t, s, 301, me, underVideo(101), time.Second)
		out, err := s.Comments.Update(t.Context(), orig.ID(), func(c *comment.Comment) error {
			st := c.Stored()
			// Fields Update must not write, changed behind the domain's back.
			st.Owner, st.Parent, st.CreatedAt = uploader, underPost(401), at(-time.Hour)
			*c = *comment.FromStored(st)
			return c.Edit("  edited  ", at(time.Minute))
		})
		mustNil(t, err, "Update")
		want := comment.FromStored(withComment(orig, func(st *comment.Stored) { st.Content, st.UpdatedAt = "edited", at(time.Minute) }))
		wantSameComment(t, out, want, "Update's result")
		got, err := s.Comments.ByID(t.Context(), orig.ID())
		mustNil(t, err, "ByID")
		wantSameComment(t, got, want, "after Update")
	})

	t.Run("ConcurrentEditsAllStay", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		c := mustComment(t, s, 301, me, underVideo(101), 0)
		results := race(func(i int) error {
			_, err := s.Comments.Update(t.Context(), c.ID(), func(c *comment.Comment) error {
				return c.Edit(fmt.Sprintf("%s %d", c.Content(), i), at(time.Duration(i)*time.Second))
			})
			return err
		})
		for i, err := range results {
			mustNil(t, err, fmt.Sprintf("racer %d", i))
		}
		got, err := s.Comments.ByID(t.Context(), c.ID())
		mustNil(t, err, "ByID")
		wantAppended(t, got.Content(), "Comment 301")
	})

	t.Run("FailedChangeWritesNothing", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		c := mustComment(t, s, 301, me, underVideo(101), 0)
		_, err := s.Comments.Update(t.Context(), c.ID(), func(c *comment.Comment) error {
			mustNil(t, c.Edit("half done", at(time.Minute)), "Edit")
			return errChange
		})
		if !errors.Is(err, errChange) {
			t.Fatalf("Update = %v, want the change's error", err)
		}
		got, err := s.Comments.ByID(t.Context(), c.ID())
		mustNil(t, err, "ByID")
		wantSameComment(t, got, c, "after a failed change")
	})

	testCommentLists(t, setup)
	testCommentDeletes(t, setup)
}

func testCommentLists(t *testing.T, setup func(t *testing.T) (Social, id.ID, id.ID)) {
	commentID := func(c *comment.Comment) id.ID { return c.ID() }
	commentPos := func(c *comment.Comment) list.Position { return list.Position{At: c.CreatedAt(), ID: c.ID()} }

	t.Run("ListNewestFirstAndPages", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		mustCreateVideos(t, s.Videos, newVideo(vid{n: 102, owner: uploader}))
		for i, d := range []time.Duration{1, 2, 2, 3, 0, 3, 4} { // 302 and 303, 304 and 306 tie
			mustComment(t, s, 301+i, me, underVideo(101), d*time.Second)
		}
		mustComment(t, s, 311, me, underVideo(102), 9*time.Second)
		mustComment(t, s, 312, me, underPost(401), time.Second)
		mustComment(t, s, 313, uploader, underPost(401), time.Second)
		order := []int{307, 306, 304, 303, 302, 301, 305}
		fetch := func(w list.Window) (list.Page[*comment.Comment], error) {
			return s.Comments.List(t.Context(), comment.Query{Parent: underVideo(101), Window: w})
		}
		checkPages(t, order, fetch, commentID, "comments of video 101")
		got := walkAfter(t, 3, fetch, commentPos, func(int) {})
		wantNums(t, nums(t, got, commentID), order, "comments of video 101 by position")
		p, err := s.Comments.List(t.Context(), comment.Query{Parent: underPost(401), Window: list.Window{Limit: 10}})
		wantListPage(t, p, err, commentID, []int{313, 312}, 2, false, "comments of post 401")
		p, err = s.Comments.List(t.Context(), comment.Query{Parent: underPost(101), Window: list.Window{Limit: 10}})
		wantListPage(t, p, err, commentID, nil, 0, false, "comments of post 101, which is a video")
	})

	t.Run("AfterIsTheNewestPastAPosition", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		mustCreateVideos(t, s.Videos, newVideo(vid{n: 102, owner: uploader}))
		// Times disagree with ids on purpose: After follows the times,
		// then the ids, as the lists do. 303 and 305 tie.
		for i, d := range []time.Duration{5, 1, 3, 2, 3, 0} {
			mustComment(t, s, 301+i, me, underVideo(101), d*time.Second)
		}
		mustComment(t, s, 310, me, underVideo(102), 9*time.Second)
		mustComment(t, s, 311, me, underPost(401), 9*time.Second)
		after := func(p comment.Parent, d time.Duration, n, limit int) []int {
			t.Helper()
			got, err := s.Comments.After(t.Context(), p, list.Position{At: at(d), ID: testID(n)}, limit)
			mustNil(t, err, "After")
			return nums(t, got, commentID)
		}
		// Order: 306 (0s), 302 (1s), 304 (2s), 303 (3s), 305 (3s), 301 (5s).
		wantNums(t, after(underVideo(101), time.Second, 302, 10), []int{304, 303, 305, 301}, "after 302")
		wantNums(t, after(underVideo(101), time.Second, 302, 2), []int{305, 301}, "the newest 2 after 302")
		wantNums(t, after(underVideo(101), 3*time.Second, 303, 10), []int{305, 301}, "after 303, which ties with 305")
		wantNums(t, after(underVideo(101), -time.Hour, 0, 3), []int{303, 305, 301}, "the newest 3")
		wantNums(t, after(underVideo(101), 5*time.Second, 301, 10), nil, "after the newest")
		wantNums(t, after(underVideo(101), time.Hour, 0, 10), nil, "after a time past every comment")
		wantNums(t, after(underVideo(101), time.Second, 302, 0), nil, "no room")
		wantNums(t, after(underPost(401), 0, 0, 10), []int{311}, "under the post")
		// A deleted comment's position still marks a place.
		mustNil(t, s.Comments.Delete(t.Context(), testID(304)), "Delete")
		wantNums(t, after(underVideo(101), 2*time.Second, 304, 10), []int{303, 305, 301}, "after a deleted comment")
	})

	t.Run("PositionsWhileCommenting", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		for i := range 6 {
			mustComment(t, s, 301+i, me, underVideo(101), time.Duration(i+1)*time.Second)
		}
		fetch := func(w list.Window) (list.Page[*comment.Comment], error) {
			return s.Comments.List(t.Context(), comment.Query{Parent: underVideo(101), Window: w})
		}
		got := walkAfter(t, 2, fetch, commentPos, func(page int) {
			switch page {
			case 2: // the cursor is (5s, 305)
				mustComment(t, s, 1001, me, underVideo(101), 10*time.Second) // before the cursor
				mustComment(t, s, 1002, me, underVideo(101), 4*time.Second)  // ties with 304, higher id
			case 3: // the cursor is (4s, 304)
				mustNil(t, s.Comments.Delete(t.Context(), testID(303)), "Delete")
			}
		})
		wantNums(t, nums(t, got, commentID), []int{306, 305, 1002, 304, 302, 301}, "walk")
	})
}

// withComment returns c's persisted form changed by f.
func withComment(c *comment.Comment, f func(st *comment.Stored)) comment.Stored {
	st := c.Stored()
	f(&st)
	return st
}

func wantSameComment(t *testing.T, got, want *comment.Comment, what string) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil comment", what)
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

// wantAppended checks that text is prefix followed by " <i>" for every
// racer i, in any order: no racing edit was lost.
func wantAppended(t *testing.T, text, prefix string) {
	t.Helper()
	rest, ok := strings.CutPrefix(text, prefix)
	seen := make(map[string]bool)
	for _, f := range strings.Fields(rest) {
		seen[f] = true
	}
	if !ok || len(seen) != racers || len(strings.Fields(rest)) != racers {
		t.Fatalf("after %d racing edits the text is %q: an edit was lost", racers, text)
	}
}
