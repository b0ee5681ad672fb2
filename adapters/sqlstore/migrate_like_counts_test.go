package sqlstore

import (
	"testing"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
)

// likeCountsMigration keeps each video's, comment's and post's like count
// on its row.
const likeCountsMigration = "20261208000001"

// The likes stored before the migration are counted by it; afterwards the
// triggers count likes and unlikes, and a liked comment or post is deleted
// with its likes; the migration can be undone and done again.
func TestLikeCountsMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, likeCountsMigration)
		s := storeCounted(t, db)
		a, c, v, now := s.a, s.c, s.v, s.now
		po := s.addPost(a.ID())
		onVideo := s.addComment(comment.Parent{Kind: comment.OnVideo, ID: v.ID()})
		onPost := s.addComment(comment.Parent{Kind: comment.OnPost, ID: po.ID()})
		likeIt := func(u id.ID, k like.Kind, target id.ID) {
			t.Helper()
			if added, err := db.Likes().Add(ctx, like.Like{User: u, Target: like.Target{Kind: k, ID: target}, CreatedAt: now}); err != nil || !added {
				t.Fatalf("Add like = %v, %v", added, err)
			}
		}
		unlike := func(u id.ID, k like.Kind, target id.ID) {
			t.Helper()
			if removed, err := db.Likes().Remove(ctx, u, like.Target{Kind: k, ID: target}); err != nil || !removed {
				t.Fatalf("Remove like = %v, %v", removed, err)
			}
		}
		// Before the migration: the video liked twice, the comment under
		// it once, the post and the comment under it once each.
		likeIt(a.ID(), like.OnVideo, v.ID())
		likeIt(c.ID(), like.OnVideo, v.ID())
		likeIt(a.ID(), like.OnComment, onVideo)
		likeIt(a.ID(), like.OnPost, po.ID())
		likeIt(c.ID(), like.OnComment, onPost)

		// counts reads the counts that pages and a video's page show.
		counts := func(what string, want map[id.ID]int64) {
			t.Helper()
			kinds := map[id.ID]like.Kind{v.ID(): like.OnVideo, onVideo: like.OnComment, onPost: like.OnComment, po.ID(): like.OnPost}
			for target, w := range want {
				figs, err := db.FigureReader().Figures(ctx, c.ID(), kinds[target], []app.Item{{ID: target}})
				if err != nil || len(figs) != 1 || figs[0].Likes != w {
					t.Fatalf("%s: figures of %s: %+v, %v; want %d likes", what, target, figs, err, w)
				}
			}
			if w, ok := want[v.ID()]; ok {
				rec, err := db.VideoRecords().VideoRecord(ctx, v.ID(), c.ID())
				if err != nil || rec.Figures.Likes != w {
					t.Fatalf("%s: the video's page counts %d likes (%v), want %d", what, rec.Figures.Likes, err, w)
				}
			}
		}
		migrateThrough(t, db, likeCountsMigration)
		counts("after migrating", map[id.ID]int64{v.ID(): 2, onVideo: 1, onPost: 1, po.ID(): 1})

		unlike(c.ID(), like.OnVideo, v.ID())
		likeIt(c.ID(), like.OnComment, onVideo)
		counts("after a like and an unlike", map[id.ID]int64{v.ID(): 1, onVideo: 2})
		// A comment goes with its likes (a cascade), and a post with its
		// own and its comments'.
		if err := db.Comments().Delete(ctx, onVideo); err != nil {
			t.Fatalf("delete a liked comment: %v", err)
		}
		if err := db.Posts().Delete(ctx, po.ID()); err != nil {
			t.Fatalf("delete a liked post: %v", err)
		}
		// Their cascades' updates of the counts found the rows gone.
		for _, table := range []string{"comment_likes", "post_likes"} {
			var n int
			if err := db.bun.NewRaw("SELECT count(*) FROM "+table).Scan(ctx, &n); err != nil || n != 0 {
				t.Fatalf("%d %s left after the deletions (%v)", n, table, err)
			}
		}
		counts("after the deletions", map[id.ID]int64{v.ID(): 1})
		if n, err := db.Likes().RemoveAll(ctx, like.OnVideo, []id.ID{v.ID()}); err != nil || n != 1 {
			t.Fatalf("RemoveAll = %d, %v", n, err)
		}
		counts("after removing the video's likes", map[id.ID]int64{v.ID(): 0})
		likeIt(a.ID(), like.OnVideo, v.ID())

		rollBackFrom(t, db, likeCountsMigration)
		if _, err := db.bun.NewRaw("SELECT like_count FROM videos").Exec(ctx); err == nil {
			t.Fatal("videos.like_count is left after the rollback")
		}
		// A like while the counts are gone is counted when they come back.
		likeIt(c.ID(), like.OnVideo, v.ID())
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		counts("after migrating again", map[id.ID]int64{v.ID(): 2})
	})
}
