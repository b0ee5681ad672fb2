package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/video"
)

func testCommentDeletes(t *testing.T, setup func(t *testing.T) (Social, id.ID, id.ID)) {
	// Deleting a comment takes its likes along, so no like can keep it
	// from going; the likes of other comments stay.
	t.Run("DeleteTakesLikes", func(t *testing.T) {
		t.Parallel()
		s, me, uploader := setup(t)
		for _, n := range []int{301, 302, 303} {
			mustComment(t, s, n, me, underVideo(101), 0)
		}
		mustLike(t, s, me, onComment(301), 0)
		mustLike(t, s, uploader, onComment(301), 0)
		mustLike(t, s, me, onComment(302), 0)
		mustLike(t, s, me, onComment(303), 0)
		mustNil(t, s.Comments.Delete(t.Context(), testID(301)), "Delete a liked comment")
		_, err := s.Comments.ByID(t.Context(), testID(301))
		wantIs(t, err, comment.ErrNotFound, "ByID of the deleted comment")
		wantLikeCounts(t, s, like.OnComment, map[int]int64{301: 0, 302: 1, 303: 1})
		wantLikedBy(t, s, uploader, like.OnComment, []int{301})
		_, err = s.Likes.Add(t.Context(), like.Like{User: me, Target: onComment(301), CreatedAt: at(0)})
		wantIs(t, err, like.ErrTargetGone, "Add a like after the delete")

		wantDeleteIDs(t, s, []int{302, 399, 302}, 1)
		wantLikeCounts(t, s, like.OnComment, map[int]int64{301: 0, 302: 0, 303: 1})
		wantLikedBy(t, s, me, like.OnComment, []int{301, 302, 303}, 303)
		wantIs(t, s.Comments.Delete(t.Context(), testID(301)), comment.ErrNotFound, "Delete again")
		wantDeleteIDs(t, s, []int{301, 302}, 0)
		wantDeleteIDs(t, s, nil, 0)
		wantRemoveAll(t, s, like.OnComment, []int{301, 302}, 0) // no orphans
	})

	// The core deletes a video by deleting the comments under it batch by
	// batch (each batch with its likes); until then the store refuses the
	// video. IDsUnder serves a post's comments the same way.
	t.Run("VideoStepByStep", func(t *testing.T) {
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
				n, err := s.Comments.DeleteIDs(t.Context(), ids)
				mustNil(t, err, "DeleteIDs")
				if n != len(ids) {
					t.Fatalf("DeleteIDs(%v) = %d", ids, n)
				}
				deleted = append(deleted, nums(t, ids, func(i id.ID) id.ID { return i })...)
			}
			wantNums(t, slices.Sorted(slices.Values(deleted)), c.want, fmt.Sprintf("deleted under %v", c.p))
		}
		wantLikeCounts(t, s, like.OnComment, map[int]int64{312: 0, 315: 0, 322: 0, 331: 1})
		wantRemoveAll(t, s, like.OnComment, []int{312, 315, 322}, 0) // no orphans
		mustNil(t, s.Videos.Delete(t.Context(), testID(101)), "Delete the video")
		mustNil(t, s.Posts.Delete(t.Context(), testID(401)), "Delete the post")
		got, err := s.Comments.ByID(t.Context(), testID(331))
		mustNil(t, err, "ByID of another video's comment")
		if got.Parent() != underVideo(102) {
			t.Fatalf("comment 331 is under %v", got.Parent())
		}
	})

	testCommentDeleteRaces(t, setup)
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
