package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/post"
)

// TestFiguredPages checks an app.CommentPages and an app.PostPages: each
// page, its total and more, and its figures are what the repositories'
// List and the FigureReader answer, for comments under a video and under
// a post, everyone's posts and one owner's, each viewer (none included),
// offset and keyset pages, empty lists and pages past the end.
func TestFiguredPages(t *testing.T, newStore func(t *testing.T) Social) {
	s := newStore(t)
	us := mustUsers(t, s, 1, 2, 3, 4)
	alice, bob, carol, dave := us[0], us[1], us[2], us[3]
	mustCreateVideos(t, s.Videos,
		newVideo(vid{n: 101, owner: alice, published: true}),
		newVideo(vid{n: 102, owner: bob, published: true}),
		newVideo(vid{n: 103, owner: carol}))
	authors := []id.ID{bob, carol, alice}
	for i := range 7 {
		// Two pairs written at the same instant.
		mustComment(t, s, 301+i, authors[i%3], underVideo(101), time.Duration(min(i, 4))*time.Second)
		mustPost(t, s, 401+i, authors[i%3], time.Duration(min(i, 5))*time.Minute)
	}
	mustComment(t, s, 320, carol, underPost(401), 0)
	mustComment(t, s, 321, bob, underPost(401), time.Second)
	mustComment(t, s, 330, carol, underVideo(103), 0)
	for i, l := range []struct {
		who    id.ID
		target like.Target
	}{
		{alice, onComment(301)}, {carol, onComment(301)}, {bob, onComment(303)}, {alice, onComment(320)},
		{alice, onPost(401)}, {bob, onPost(401)}, {carol, onPost(404)}, {bob, onPost(407)},
	} {
		mustLike(t, s, l.who, l.target, time.Duration(i)*time.Hour)
	}

	comments := []comment.Parent{underVideo(101), underPost(401), underVideo(102), underVideo(103)}
	owners := []id.ID{"", alice, bob, dave}
	for _, viewer := range []id.ID{"", alice, bob, carol} {
		for _, limit := range []int{1, 3, 10} {
			for page := 1; page <= 9; page++ {
				w := list.Window{Page: page, Limit: limit}
				for _, parent := range comments {
					checkCommentsFigured(t, s, comment.Query{Parent: parent, Window: w}, viewer)
				}
				for _, owner := range owners {
					checkPostsFigured(t, s, post.Query{Owner: owner, Window: w}, viewer)
				}
			}
			// Keyset pages from each item of each list.
			for _, parent := range comments {
				all, err := s.Comments.List(t.Context(), comment.Query{Parent: parent, Window: list.Window{Limit: 100}})
				mustNil(t, err, "List comments")
				for _, c := range all.Items {
					w := list.Window{Limit: limit, After: &list.Position{At: c.CreatedAt(), ID: c.ID()}}
					checkCommentsFigured(t, s, comment.Query{Parent: parent, Window: w}, viewer)
				}
			}
			for _, owner := range owners {
				all, err := s.Posts.List(t.Context(), post.Query{Owner: owner, Window: list.Window{Limit: 100}})
				mustNil(t, err, "List posts")
				for _, p := range all.Items {
					w := list.Window{Limit: limit, After: &list.Position{At: p.CreatedAt(), ID: p.ID()}}
					checkPostsFigured(t, s, post.Query{Owner: owner, Window: w}, viewer)
				}
			}
		}
	}
}

func checkCommentsFigured(t *testing.T, s Social, q comment.Query, viewer id.ID) {
	t.Helper()
	where := fmt.Sprintf("comments under %v as %q, page %d, limit %d, after %v", q.Parent, viewer, q.Page, q.Limit, q.After != nil)
	want, err := s.Comments.List(t.Context(), q)
	mustNil(t, err, where)
	got, figs, seen, err := s.CommentPages.CommentsFigured(t.Context(), q, viewer)
	mustNil(t, err, where)
	wantSameFiguredPage(t, s, where, viewer, like.OnComment, got, want, figs)
	if !seen.Known {
		return
	}
	// A store that tells the parent tells it as it is.
	owner, published := parentAsStored(t, s, q.Parent)
	if seen.Owner != owner || seen.Published != published {
		t.Fatalf("%s: the parent seen is owned by %q, published %v; want %q, %v", where, seen.Owner, seen.Published, owner, published)
	}
}

// parentAsStored is the owner of a comment's parent, and whether it is
// published (a post always is).
func parentAsStored(t *testing.T, s Social, p comment.Parent) (id.ID, bool) {
	t.Helper()
	if p.Kind == comment.OnPost {
		po, err := s.Posts.ByID(t.Context(), p.ID)
		mustNil(t, err, "post ByID")
		return po.Owner(), true
	}
	v, err := s.Videos.ByID(t.Context(), p.ID)
	mustNil(t, err, "video ByID")
	return v.Owner(), v.Published()
}

func checkPostsFigured(t *testing.T, s Social, q post.Query, viewer id.ID) {
	t.Helper()
	where := fmt.Sprintf("posts of %q as %q, page %d, limit %d, after %v", q.Owner, viewer, q.Page, q.Limit, q.After != nil)
	want, err := s.Posts.List(t.Context(), q)
	mustNil(t, err, where)
	got, figs, err := s.PostPages.PostsFigured(t.Context(), q, viewer)
	mustNil(t, err, where)
	wantSameFiguredPage(t, s, where, viewer, like.OnPost, got, want, figs)
}

// figuredItem is a comment or a post as a figured page holds it.
type figuredItem interface {
	app.Authored
	Content() string
	CreatedAt() time.Time
}

// wantSameFiguredPage compares a page read with its figures with the one
// List read, and its figures with the FigureReader's.
func wantSameFiguredPage[T figuredItem](t *testing.T, s Social, where string, viewer id.ID, k like.Kind, got, want list.Page[T], figs []app.Figures) {
	t.Helper()
	if got.Total != want.Total || got.More != want.More || len(got.Items) != len(want.Items) {
		t.Fatalf("%s: %d items, total %d, more %v; want %d, %d, %v", where, len(got.Items), got.Total, got.More, len(want.Items), want.Total, want.More)
	}
	for i, it := range got.Items {
		if w := want.Items[i]; it.ID() != w.ID() || it.Content() != w.Content() || !it.CreatedAt().Equal(w.CreatedAt()) {
			t.Fatalf("%s: item %d is %s, want %s", where, i, it.ID(), w.ID())
		}
	}
	wantFigures(t, s, where, viewer, k, got.Items, figs)
}

// wantFigures compares a page's figures with the FigureReader's.
func wantFigures[T app.Authored](t *testing.T, s Social, where string, viewer id.ID, k like.Kind, items []T, figs []app.Figures) {
	t.Helper()
	if len(figs) != len(items) {
		t.Fatalf("%s: %d figures for %d items", where, len(figs), len(items))
	}
	want, err := app.ReadFigures(t.Context(), s.Figures, viewer, k, items)
	mustNil(t, err, where)
	for i, f := range figs {
		w := want[i]
		if f.Likes != w.Likes || f.Liked != w.Liked || f.Owner == nil || w.Owner == nil {
			t.Fatalf("%s, item %d: %d likes, liked %v, owner %v; want %d, %v, %v", where, i, f.Likes, f.Liked, f.Owner, w.Likes, w.Liked, w.Owner)
		}
		if got, want := fmt.Sprintf("%s %q %q %q", f.Owner.ID(), f.Owner.Username(), f.Owner.Name(), f.Owner.ProfileImage()),
			fmt.Sprintf("%s %q %q %q", w.Owner.ID(), w.Owner.Username(), w.Owner.Name(), w.Owner.ProfileImage()); got != want {
			t.Fatalf("%s, item %d: owner %s, want %s", where, i, got, want)
		}
	}
}
