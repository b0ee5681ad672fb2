package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/video"
)

func testCommentDeletes(t *testing.T, setup func(t *testing.T) (Social, id.ID, id.ID)) {
	t.Run("DeleteWhileLiked", func(t *testing.T) {
		t.Parallel()
		s, me, _ := setup(t)
		mustComment(t, s, 301, me, underVideo(101), 0)
		mustComment(t, s, 302, me, underVideo(101), 0)
		mustLike(t, s, me, onComment(301), 0)
		wantIs(t, s.Comments.Delete(t.Context(), testID(301)), comment.ErrInUse, "Delete")
		_, err := s.Comments.DeleteIDs(t.Context(), []id.ID{testID(302), testID(301)})
		wantIs(t, err, comment.ErrInUse, "DeleteIDs")
		for _, n := range []int{301, 302} { // all or nothing
			_, err := s.Comments.ByID(t.Context(), testID(n))
			mustNil(t, err, fmt.Sprintf("ByID %d after a refused DeleteIDs", n))
		}
		wantDeleteIDs(t, s, []int{302, 399, 302}, 1)
		wantRemoveAll(t, s, like.OnComment, []int{301}, 1)
		mustNil(t, s.Comments.Delete(t.Context(), testID(301)), "Delete")
		wantDeleteIDs(t, s, []int{301, 302}, 0)
		wantDeleteIDs(t, s, nil, 0)
	})

	// The core deletes a video or a post by deleting the comments under it
	// batch by batch, their likes first; until then the store refuses.
	t.Run("CascadeStepByStep", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		mustCreateVideos(t, s.Videos, newVideo(vid{n: 102, owner: uploader}))
		for i := range 5 {
			mustComment(t, s, 311+i, me, underVideo(101), time.Duration(i)*time.Second)
		}
		for i := range 3 {
			mustComment(t, s, 321+i, uploader, underPost(401), 0)
		}
		mustComment(t, s, 331, me, underVideo(102), 0)
		mustLike(t, s, me, onComment(312), 0)
		mustLike(t, s, uploader, onComment(315), 0)
		mustLike(t, s, me, onComment(322), 0)
		mustLike(t, s, me, onComment(331), 0)
		wantIs(t, s.Videos.Delete(t.Context(), testID(101)), video.ErrInUse, "Delete a video with comments")
		wantIs(t, s.Posts.Delete(t.Context(), testID(401)), post.ErrInUse, "Delete a post with comments")

		ids, err := s.Comments.IDsUnder(t.Context(), underVideo(101), 0)
		mustNil(t, err, "IDsUnder limit 0")
		if len(ids) != 0 {
			t.Fatalf("IDsUnder limit 0 = %v", ids)
		}
		for _, c := range []struct {
			p     comment.Parent
			limit int
			want  []int
		}{{underVideo(101), 2, []int{311, 312, 313, 314, 315}}, {underPost(401), 10, []int{321, 322, 323}}} {
			var deleted []int
			for round := 0; ; round++ {
				ids, err := s.Comments.IDsUnder(t.Context(), c.p, c.limit)
				mustNil(t, err, "IDsUnder")
				if len(ids) == 0 {
					break
				}
				if len(ids) > c.limit || round > 10 {
					t.Fatalf("IDsUnder limit %d = %v (round %d)", c.limit, ids, round)
				}
				_, err = s.Likes.RemoveAll(t.Context(), like.OnComment, ids)
				mustNil(t, err, "RemoveAll")
				n, err := s.Comments.DeleteIDs(t.Context(), ids)
				mustNil(t, err, "DeleteIDs")
				if n != len(ids) {
					t.Fatalf("DeleteIDs(%v) = %d", ids, n)
				}
				deleted = append(deleted, nums(t, ids, func(i id.ID) id.ID { return i })...)
			}
			wantNums(t, slices.Sorted(slices.Values(deleted)), c.want, fmt.Sprintf("deleted under %v", c.p))
		}
		mustNil(t, s.Videos.Delete(t.Context(), testID(101)), "Delete the video")
		mustNil(t, s.Posts.Delete(t.Context(), testID(401)), "Delete the post")
		got, err := s.Comments.ByID(t.Context(), testID(331))
		mustNil(t, err, "ByID of another video's comment")
		if got.Parent() != underVideo(102) {
			t.Fatalf("comment 331 is under %v", got.Parent())
		}
		wantLikeCounts(t, s, like.OnComment, map[int]int64{331: 1})
	})
}

func wantDeleteIDs(t *testing.T, s Social, ns []int, want int) {
	t.Helper()
	ids := make([]id.ID, len(ns))
	for i, n := range ns {
		ids[i] = testID(n)
	}
	n, err := s.Comments.DeleteIDs(t.Context(), ids)
	mustNil(t, err, "DeleteIDs")
	if n != want {
		t.Fatalf("DeleteIDs(%v) = %d, want %d", ns, n, want)
	}
}
