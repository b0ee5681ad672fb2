package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/comment"
	"github.com/stagecast/stagecast/domain/id"
	"github.com/stagecast/stagecast/domain/list"
	"github.com/stagecast/stagecast/domain/post"
)

// A page of comments tells its parent as it is, from the page's own
// statement, whenever it has items: the caller then reads no parent.
func TestCommentsFiguredTellsParent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		ctx := t.Context()
		owner, reader := socialUser(t, db, 1, "Owner"), socialUser(t, db, 2, "Reader")
		hidden, empty := mustVideo(t, 10, owner), mustVideo(t, 11, owner)
		if err := db.Videos().Create(ctx, hidden); err != nil {
			t.Fatal(err)
		}
		if err := db.Videos().Create(ctx, empty); err != nil {
			t.Fatal(err)
		}
		po, err := post.New(id.ID(fmt.Sprintf("%024x", 20)), owner, "A post", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Posts().Create(ctx, po); err != nil {
			t.Fatal(err)
		}
		for i, parent := range []comment.Parent{{Kind: comment.OnVideo, ID: hidden.ID()}, {Kind: comment.OnPost, ID: po.ID()}} {
			c, err := comment.New(comment.NewParams{ID: id.ID(fmt.Sprintf("%024x", 30+i)), Owner: reader, Parent: parent, Content: "hi", Now: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Comments().Create(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			parent    comment.Parent
			known     bool
			published bool
		}{
			{comment.Parent{Kind: comment.OnVideo, ID: hidden.ID()}, true, false},
			{comment.Parent{Kind: comment.OnPost, ID: po.ID()}, true, true},
			{comment.Parent{Kind: comment.OnVideo, ID: empty.ID()}, false, false},
		} {
			_, _, seen, err := db.CommentPages().CommentsFigured(ctx, comment.Query{Parent: c.parent, Window: list.Window{Limit: 10, Page: 1}}, reader)
			if err != nil {
				t.Fatalf("%v: %v", c.parent, err)
			}
			if seen.Known != c.known || (c.known && (seen.Owner != owner || seen.Published != c.published)) {
				t.Fatalf("%v: seen %+v, want known %v, owner %s, published %v", c.parent, seen, c.known, owner, c.published)
			}
		}
	})
}
