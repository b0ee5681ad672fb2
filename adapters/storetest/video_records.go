package storetest

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/video"
)

// TestVideoRecords checks an app.VideoRecords: a video's page as each
// viewer sees it, read from the store's videos, users, likes and follows.
func TestVideoRecords(t *testing.T, newStore func(t *testing.T) Social) {
	t.Run("PageOfEachViewer", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		us := mustUsers(t, s, 1, 2, 3, 4)
		owner, fan, liker, stranger := us[0], us[1], us[2], us[3]
		v := newVideo(vid{n: 101, owner: owner, published: true, views: 7})
		mustCreateVideos(t, s.Videos, v, newVideo(vid{n: 102, owner: owner, published: true}))
		target := like.Target{Kind: like.OnVideo, ID: v.ID()}
		mustLike(t, s, fan, target, time.Second)
		mustLike(t, s, liker, target, 2*time.Second)
		mustLike(t, s, fan, like.Target{Kind: like.OnVideo, ID: testID(102)}, 3*time.Second)
		mustFollow(t, s, 1, fan, owner, time.Second)
		mustFollow(t, s, 2, liker, fan, 2*time.Second) // follows someone else
		ownerUser, err := s.Users.ByID(t.Context(), owner)
		mustNil(t, err, "owner")

		for _, c := range []struct {
			viewer         id.ID
			liked, follows bool
		}{{fan, true, true}, {liker, true, false}, {stranger, false, false}, {owner, false, false}, {"", false, false}} {
			rec := mustRecord(t, s.Records, v.ID(), c.viewer)
			wantSameVideo(t, rec.Video, v, "record video")
			wantSameAuthor(t, rec.Owner, ownerUser, "record owner")
			if rec.Likes != 2 || rec.Liked != c.liked || rec.OwnerFollowers != 1 || rec.CallerFollows != c.follows {
				t.Fatalf("viewer %q: likes %d liked %v followers %d follows %v, want 2 %v 1 %v",
					c.viewer, rec.Likes, rec.Liked, rec.OwnerFollowers, rec.CallerFollows, c.liked, c.follows)
			}
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		_, err := s.Records.VideoRecord(t.Context(), testID(199), testID(1))
		wantIs(t, err, video.ErrNotFound, "VideoRecord")
	})
}

func mustRecord(t *testing.T, r app.VideoRecords, videoID, viewer id.ID) app.VideoRecord {
	t.Helper()
	rec, err := r.VideoRecord(t.Context(), videoID, viewer)
	mustNil(t, err, "VideoRecord")
	return rec
}
