package storetest

import (
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/like"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/user"
)

// TestFigureReader checks an app.FigureReader: each item's author and like
// figures, in the items' order, for each kind of item and each viewer.
func TestFigureReader(t *testing.T, newStore func(t *testing.T) Social) {
	t.Run("EachKindInOrder", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		us := mustUsers(t, s, 1, 2, 3)
		alice, bob, carol := us[0], us[1], us[2]
		mustCreateVideos(t, s.Videos,
			newVideo(vid{n: 101, owner: alice, published: true}),
			newVideo(vid{n: 102, owner: alice, published: true}),
			newVideo(vid{n: 103, owner: bob, published: true}))
		mustComment(t, s, 301, bob, underVideo(101), 0)
		mustComment(t, s, 302, carol, underVideo(101), time.Second)
		mustPost(t, s, 401, alice, 0)
		mustLike(t, s, bob, onVideo(101), time.Second)
		mustLike(t, s, carol, onVideo(101), 2*time.Second)
		mustLike(t, s, carol, onVideo(103), 3*time.Second)
		mustLike(t, s, alice, onComment(301), 4*time.Second)
		mustLike(t, s, bob, onPost(401), 5*time.Second)
		users := map[id.ID]*user.User{}
		for _, u := range us {
			got, err := s.Users.ByID(t.Context(), u)
			mustNil(t, err, "ByID")
			users[u] = got
		}

		type want struct {
			owner id.ID
			likes int64
			liked bool
		}
		for _, c := range []struct {
			kind   like.Kind
			viewer id.ID
			items  []app.Item
			want   []want
		}{
			{like.OnVideo, carol,
				[]app.Item{{ID: testID(103), Owner: bob}, {ID: testID(101), Owner: alice}, {ID: testID(102), Owner: alice}},
				[]want{{bob, 1, true}, {alice, 2, true}, {alice, 0, false}}},
			{like.OnVideo, bob,
				[]app.Item{{ID: testID(101), Owner: alice}, {ID: testID(103), Owner: bob}, {ID: testID(101), Owner: alice}},
				[]want{{alice, 2, true}, {bob, 1, false}, {alice, 2, true}}},
			{like.OnVideo, "",
				[]app.Item{{ID: testID(101), Owner: alice}},
				[]want{{alice, 2, false}}},
			{like.OnComment, alice,
				[]app.Item{{ID: testID(302), Owner: carol}, {ID: testID(301), Owner: bob}},
				[]want{{carol, 0, false}, {bob, 1, true}}},
			{like.OnPost, bob,
				[]app.Item{{ID: testID(401), Owner: alice}},
				[]want{{alice, 1, true}}},
			{like.OnPost, carol,
				[]app.Item{{ID: testID(401), Owner: alice}},
				[]want{{alice, 1, false}}},
		} {
			got, err := s.Figures.Figures(t.Context(), c.viewer, c.kind, c.items)
			mustNil(t, err, "Figures")
			if len(got) != len(c.want) {
				t.Fatalf("%s as %q: %d figures, want %d", c.kind, c.viewer, len(got), len(c.want))
			}
			for i, w := range c.want {
				if got[i].Likes != w.likes || got[i].Liked != w.liked {
					t.Errorf("%s as %q, item %d: likes %d liked %v, want %d %v", c.kind, c.viewer, i, got[i].Likes, got[i].Liked, w.likes, w.liked)
				}
				if got[i].Owner == nil {
					t.Fatalf("%s as %q, item %d: no author", c.kind, c.viewer, i)
				}
				wantSameAuthor(t, got[i].Owner, users[w.owner], "author")
			}
		}
	})

	t.Run("GoneAuthorsAndTargets", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		us := mustUsers(t, s, 1, 2)
		mustCreateVideos(t, s.Videos, newVideo(vid{n: 101, owner: us[0], published: true}))
		mustLike(t, s, us[1], onVideo(101), time.Second)
		got, err := s.Figures.Figures(t.Context(), us[1], like.OnVideo, []app.Item{
			{ID: testID(101), Owner: testID(9)}, // an author that is gone
			{ID: testID(199), Owner: us[0]},     // a target that is gone
		})
		mustNil(t, err, "Figures")
		if len(got) != 2 || got[0].Owner != nil || got[0].Likes != 1 || !got[0].Liked {
			t.Fatalf("gone author: %+v", got)
		}
		if got[1].Owner == nil || got[1].Owner.ID() != us[0] || got[1].Likes != 0 || got[1].Liked {
			t.Fatalf("gone target: %+v", got[1])
		}
	})

	t.Run("AtMostMaxIDs", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		us := mustUsers(t, s, 1)
		items := make([]app.Item, list.MaxIDs+1)
		for i := range items {
			items[i] = app.Item{ID: testID(1000 + i), Owner: us[0]}
		}
		got, err := s.Figures.Figures(t.Context(), us[0], like.OnPost, items[:list.MaxIDs])
		mustNil(t, err, "Figures of MaxIDs items")
		if len(got) != list.MaxIDs || got[list.MaxIDs-1].Owner == nil {
			t.Fatalf("MaxIDs items: %d figures", len(got))
		}
		if _, err = s.Figures.Figures(t.Context(), us[0], like.OnPost, items); err == nil || errs.KindOf(err) != errs.Internal {
			t.Fatalf("Figures of MaxIDs+1 items: %v, want an internal error", err)
		}
	})

	t.Run("NoItems", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		got, err := s.Figures.Figures(t.Context(), testID(1), like.OnComment, nil)
		mustNil(t, err, "Figures")
		if len(got) != 0 {
			t.Fatalf("no items: %+v", got)
		}
	})
}
