package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/follow"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/domain/user"
	"github.com/stagecast/stagecast/domain/video"
)

// listCountsMigration counts comments, posts and follows in list_counts.
const listCountsMigration = "20261203000002"

// What was stored before the migration is counted by it; afterwards the
// triggers count, a cascade's deletions included, and the pages read the
// counts; the migration can be undone and done again.
func TestListCountsMigration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := openUnmigrated(t, b)
		ctx := t.Context()
		migrateBefore(t, db, listCountsMigration)
		s := storeCounted(t, db)
		a, c, v, now, newID, addPost, addComment := s.a, s.c, s.v, s.now, s.newID, s.addPost, s.addComment
		// Before the migration: two posts of a, one of c, three comments
		// under the video and two under a's first post, c following a.
		first := addPost(a.ID())
		addPost(a.ID())
		addPost(c.ID())
		for range 3 {
			addComment(comment.Parent{Kind: comment.OnVideo, ID: v.ID()})
		}
		for range 2 {
			addComment(comment.Parent{Kind: comment.OnPost, ID: first.ID()})
		}
		f, err := follow.New(newID(), c.ID(), a.ID(), now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Follows().Add(ctx, f); err != nil {
			t.Fatal(err)
		}

		// A page past the end, which reads the total of its list from
		// list_counts.
		one := list.Window{Page: 1000, Limit: 1}
		totals := func(what string, want [6]int) {
			t.Helper()
			var got [6]int
			for i, read := range []func() (int, error){
				func() (int, error) {
					p, err := db.Comments().List(ctx, comment.Query{Parent: comment.Parent{Kind: comment.OnVideo, ID: v.ID()}, Window: one})
					return p.Total, err
				},
				func() (int, error) {
					p, err := db.Comments().List(ctx, comment.Query{Parent: comment.Parent{Kind: comment.OnPost, ID: first.ID()}, Window: one})
					return p.Total, err
				},
				func() (int, error) { p, err := db.Posts().List(ctx, post.Query{Window: one}); return p.Total, err },
				func() (int, error) {
					p, err := db.Posts().List(ctx, post.Query{Owner: a.ID(), Window: one})
					return p.Total, err
				},
				func() (int, error) {
					p, err := db.Follows().Followers(ctx, follow.Query{User: a.ID(), Window: one})
					return p.Total, err
				},
				func() (int, error) {
					p, err := db.Follows().Following(ctx, follow.Query{User: c.ID(), Window: one})
					return p.Total, err
				},
			} {
				total, err := read()
				if err != nil {
					t.Fatalf("%s: list %d: %v", what, i, err)
				}
				got[i] = total
			}
			if got != want {
				t.Fatalf("%s: totals %v, want %v", what, got, want)
			}
		}

		migrateThrough(t, db, listCountsMigration)
		totals("after migrating", [6]int{3, 2, 3, 2, 1, 1})
		addComment(comment.Parent{Kind: comment.OnVideo, ID: v.ID()})
		addPost(a.ID())
		// A follow that exists is not added again, nor counted.
		if added, err := db.Follows().Add(ctx, f); err != nil || added {
			t.Fatalf("Add an existing follow = %v, %v", added, err)
		}
		totals("after adding", [6]int{4, 2, 4, 3, 1, 1})
		// Deleting the post takes its comments along (a cascade).
		if err := db.Posts().Delete(ctx, first.ID()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Follows().Remove(ctx, c.ID(), a.ID()); err != nil {
			t.Fatal(err)
		}
		totals("after deleting", [6]int{4, 0, 3, 2, 0, 0})
		countsOf := func(subject id.ID) int {
			t.Helper()
			var n int
			if err := db.bun.NewRaw("SELECT count(*) FROM list_counts WHERE subject = ?", subject.String()).Scan(ctx, &n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := countsOf(first.ID()); n != 0 {
			t.Fatalf("%d counts left of the deleted post", n)
		}

		rollBackFrom(t, db, listCountsMigration)
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate again: %v", err)
		}
		totals("after migrating again", [6]int{4, 0, 3, 2, 0, 0})

		// A deleted video's count goes with it, its comments removed first
		// as the use case does.
		ids, err := db.Comments().IDsUnder(ctx, comment.Parent{Kind: comment.OnVideo, ID: v.ID()}, 100)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Comments().DeleteIDs(ctx, ids); err != nil {
			t.Fatal(err)
		}
		if err := db.Videos().Delete(ctx, v.ID()); err != nil {
			t.Fatal(err)
		}
		if n := countsOf(v.ID()); n != 0 {
			t.Fatalf("%d counts left of the deleted video", n)
		}
	})
}

// countedSeed is what the tests of the counting migrations store first: users
// a and c, a's video v, and makers of posts and of c's comments, each with
// an id of its own from newID.
type countedSeed struct {
	a, c       *user.User
	v          *video.Video
	now        time.Time
	newID      func() id.ID
	addPost    func(owner id.ID) *post.Post
	addComment func(parent comment.Parent) id.ID
}

func storeCounted(t *testing.T, db *DB) countedSeed {
	t.Helper()
	ctx := t.Context()
	s := countedSeed{a: mustUser(t, 1), c: namedUser(t, 2, "counted", "counted@example.com"), now: time.Now()}
	for _, u := range []*user.User{s.a, s.c} {
		if err := db.Users().Create(ctx, u); err != nil {
			t.Fatalf("Create user: %v", err)
		}
	}
	s.v = mustVideo(t, 10, s.a.ID())
	if err := db.Videos().Create(ctx, s.v); err != nil {
		t.Fatal(err)
	}
	n := 100
	s.newID = func() id.ID { n++; return id.ID(fmt.Sprintf("%024x", n)) }
	s.addPost = func(owner id.ID) *post.Post {
		t.Helper()
		p, err := post.New(s.newID(), owner, "a post", s.now)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Posts().Create(ctx, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	s.addComment = func(parent comment.Parent) id.ID {
		t.Helper()
		cm, err := comment.New(comment.NewParams{ID: s.newID(), Owner: s.c.ID(), Parent: parent, Content: "a comment", Now: s.now})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Comments().Create(ctx, cm); err != nil {
			t.Fatal(err)
		}
		return cm.ID()
	}
	return s
}
