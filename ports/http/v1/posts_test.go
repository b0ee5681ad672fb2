package v1_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/domain/post"
	"github.com/stagecast/stagecast/ports/http/bind"
)

func TestCreatePost(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada := ctJoin(t, e, "ada")
		now := ctTick(e)
		r := ada.do("POST", "/api/v1/communitypost", map[string]any{"content": "\n  New video on Friday!  "}).
			expect(t, 201, "Community post created successfully")
		ctSame(t, "new post", r.data(), map[string]any{"owner": ada.owner, "content": "New video on Friday!",
			"_id": r.data()["_id"], "createdAt": now, "updatedAt": now})
		if got := vtDataKeys(t, r); !slices.Equal(got, []string{"owner", "content", "_id", "createdAt", "updatedAt"}) {
			t.Errorf("keys %v", got)
		}
		ada.do("POST", "/api/v1/communitypost/", map[string]any{"content": strings.Repeat("ü", 5000)}).
			expect(t, 201, "Community post created successfully")
		for _, tc := range []struct {
			body    any
			message string
		}{
			{map[string]any{"content": ""}, "Content is required"},
			{map[string]any{"content": "  \n "}, "Content is required"},
			{map[string]any{"content": strings.Repeat("x", 5001)}, "Content must be at most 5000 characters"},
			{map[string]any{}, "Invalid input: expected string, received undefined"},
			{map[string]any{"content": nil}, "Invalid input: expected string, received null"},
			{nil, "Invalid input: expected object, received undefined"},
			{`{"content":`, "Malformed JSON in request body"},
		} {
			ada.do("POST", "/api/v1/communitypost", tc.body).expect(t, 400, tc.message)
		}
		ada.do("POST", "/api/v1/communitypost", map[string]any{"content": strings.Repeat("x", bind.MaxJSONBody)}).
			expect(t, 413, "request entity too large")
		// The longest post fits the body limit however a client writes it:
		// 5,000 emoji, each escaped as a surrogate pair.
		escaped := `{"content":"` + strings.Repeat(`\ud83c\udfb5`, post.MaxContentLen) + `"}`
		if r := ada.do("POST", "/api/v1/communitypost", escaped); r.Status != 201 || r.data()["content"] != strings.Repeat("🎵", post.MaxContentLen) {
			t.Fatalf("5,000 escaped emoji: %d %.200s", r.Status, r.Raw)
		}
		e.client().do("POST", "/api/v1/communitypost", map[string]any{"content": "x"}).expect(t, 401, "UNAUTHORIZED")
	})
}

func TestPostLists(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := ctJoin(t, e, "ada"), ctJoin(t, e, "bob")
		t1 := ctTick(e)
		p1 := ctPost(t, ada.client, "one")
		t2 := ctTick(e)
		p2 := ctPost(t, bob.client, "two")
		t3 := ctTick(e)
		p3 := ctPost(t, ada.client, "three")
		bob.do("POST", "/api/v1/like/toggle-community-post-like/"+p1, nil).expect(t, 200, "Post liked successfully")

		r := bob.do("GET", "/api/v1/communitypost/feed", nil).expect(t, 200, "Community feed fetched successfully")
		ctSame(t, "feed", vtDocs(t, r), []map[string]any{
			{"_id": p3, "owner": ada.owner, "content": "three", "createdAt": t3, "updatedAt": t3, "likesCount": 0, "isLiked": false},
			{"_id": p2, "owner": bob.owner, "content": "two", "createdAt": t2, "updatedAt": t2, "likesCount": 0, "isLiked": false},
			{"_id": p1, "owner": ada.owner, "content": "one", "createdAt": t1, "updatedAt": t1, "likesCount": 1, "isLiked": true},
		})
		ctSame(t, "feed page", ctPage(r), ctFigures(3, 10, 1))
		if got := vtKeys(t, ctFirstDoc(t, r)); !slices.Equal(got, []string{"_id", "owner", "content", "createdAt", "updatedAt", "likesCount", "isLiked"}) {
			t.Errorf("item keys %v", got)
		}
		r = ada.do("GET", "/api/v1/communitypost/user/"+ada.id+"?limit=1&page=2", nil).expect(t, 200, "Community posts fetched successfully")
		vtExpectIDs(t, r, p1)
		ctSame(t, "user page", ctPage(r), ctFigures(2, 1, 2))
		if d := vtDocs(t, r)[0]; d["likesCount"] != 1.0 || d["isLiked"] != false {
			t.Errorf("ada's view of her post: %v", d)
		}
		r = ada.do("GET", "/api/v1/communitypost/user/"+bob.id+"?limit=500", nil).expect(t, 200, "Community posts fetched successfully")
		vtExpectIDs(t, r, p2)
		ctSame(t, "clamped", ctPage(r), ctFigures(1, 100, 1))
		carol := ctJoin(t, e, "carol")
		vtExpectIDs(t, ada.do("GET", "/api/v1/communitypost/user/"+carol.id, nil).expect(t, 200, "Community posts fetched successfully"))

		ada.do("GET", "/api/v1/communitypost/user/"+vtMissingID, nil).expect(t, 404, "User not found")
		ada.do("GET", "/api/v1/communitypost/user/nobody", nil).expect(t, 400, "Invalid ID")
		ada.do("GET", "/api/v1/communitypost/feed?cursor=x.y", nil).expect(t, 400, "Invalid cursor")
		ada.do("GET", "/api/v1/communitypost/user/"+ada.id+"?cursor=x", nil).expect(t, 400, "Invalid cursor")
		ada.do("GET", "/api/v1/communitypost/feed?page=%01", nil).expect(t, 400, "Invalid input: control characters are not allowed")
		e.client().do("GET", "/api/v1/communitypost/feed", nil).expect(t, 401, "UNAUTHORIZED")
		e.client().do("GET", "/api/v1/communitypost/user/"+ada.id, nil).expect(t, 401, "UNAUTHORIZED")

		// A cursor of one user's posts continues that list only.
		next := ctCursor(ada.do("GET", "/api/v1/communitypost/user/"+ada.id+"?limit=1", nil).expect(t, 200, "Community posts fetched successfully"))
		ada.do("GET", "/api/v1/communitypost/feed?cursor="+url.QueryEscape(next), nil).expect(t, 400, "Invalid cursor")
		ada.do("GET", "/api/v1/communitypost/user/"+bob.id+"?cursor="+url.QueryEscape(next), nil).expect(t, 400, "Invalid cursor")
		r = ada.do("GET", "/api/v1/communitypost/user/"+ada.id+"?limit=1&cursor="+url.QueryEscape(next), nil).expect(t, 200, "Community posts fetched successfully")
		vtExpectIDs(t, r, p1)
	})
}

// The feed read by cursor neither repeats nor skips a post while new ones
// are published between the pages.
func TestPostFeedCursorWithNewPosts(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := ctJoin(t, e, "ada"), ctJoin(t, e, "bob")
		var made []string
		for i := range 7 {
			if i%3 == 0 {
				e.clock.Advance(time.Millisecond)
			}
			made = append(made, ctPost(t, []*client{ada.client, bob.client}[i%2], "old"))
		}
		var seen []string
		r := bob.do("GET", "/api/v1/communitypost/feed?limit=3", nil).expect(t, 200, "Community feed fetched successfully")
		for {
			seen = append(seen, vtIDs(t, r)...)
			next := ctCursor(r)
			if next == "" {
				break
			}
			ctPost(t, ada.client, "new")
			e.clock.Advance(time.Millisecond)
			ctPost(t, bob.client, "newer")
			r = bob.do("GET", "/api/v1/communitypost/feed?limit=3&cursor="+url.QueryEscape(next), nil).
				expect(t, 200, "Community feed fetched successfully")
		}
		slices.Reverse(made)
		if !slices.Equal(seen, made) {
			t.Fatalf("feed by cursor: %v, want %v", seen, made)
		}
	})
}

func TestEditPost(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := ctJoin(t, e, "ada"), ctJoin(t, e, "bob")
		created := ctTick(e)
		pid := ctPost(t, ada.client, "draft")
		edited := ctTick(e)
		r := ada.do("PATCH", "/api/v1/communitypost/"+pid, map[string]any{"content": " final "}).expect(t, 200, "Post updated successfully")
		ctSame(t, "edited", r.data(), map[string]any{"_id": pid, "owner": ada.id, "content": "final", "createdAt": created, "updatedAt": edited})
		if got := vtDataKeys(t, r); !slices.Equal(got, []string{"_id", "owner", "content", "createdAt", "updatedAt"}) {
			t.Errorf("keys %v", got)
		}
		// Unlike the reference, an edit keeps the rules of a new post.
		ada.do("PATCH", "/api/v1/communitypost/"+pid, map[string]any{"content": "   "}).expect(t, 400, "Content is required")
		ada.do("PATCH", "/api/v1/communitypost/"+pid, map[string]any{"content": strings.Repeat("x", 5001)}).
			expect(t, 400, "Content must be at most 5000 characters")
		ada.do("PATCH", "/api/v1/communitypost/"+pid, map[string]any{"content": ""}).expect(t, 400, "Content is required")
		bob.do("PATCH", "/api/v1/communitypost/"+pid, map[string]any{"content": "mine"}).expect(t, 403, "You can only edit your own posts")
		ada.do("PATCH", "/api/v1/communitypost/"+vtMissingID, map[string]any{"content": "x"}).expect(t, 404, "Post not found")
		ada.do("PATCH", "/api/v1/communitypost/bad", map[string]any{"content": "x"}).expect(t, 400, "Invalid ID")
		e.client().do("PATCH", "/api/v1/communitypost/"+pid, map[string]any{"content": "x"}).expect(t, 401, "UNAUTHORIZED")
		r = bob.do("GET", "/api/v1/communitypost/feed", nil).expect(t, 200, "Community feed fetched successfully")
		if d := vtDocs(t, r)[0]; d["content"] != "final" || d["updatedAt"] != edited {
			t.Errorf("after edit: %v", d)
		}
	})
}

// Deleting a post removes its likes, its comments and their likes: each is
// gone for the API afterwards.
func TestDeletePost(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob, cy := ctJoin(t, e, "ada"), ctJoin(t, e, "bob"), ctJoin(t, e, "cy")
		pid := ctPost(t, ada.client, "bye soon")
		keep := ctPost(t, bob.client, "staying")
		cid := ctComment(t, bob.client, "post-comments", pid, "a comment")
		cy.do("POST", "/api/v1/like/toggle-comment-like/"+cid, nil).expect(t, 200, "Comment liked successfully")
		cy.do("POST", "/api/v1/like/toggle-community-post-like/"+pid, nil).expect(t, 200, "Post liked successfully")

		bob.do("DELETE", "/api/v1/communitypost/"+pid, nil).expect(t, 403, "You can only delete your own posts")
		r := ada.do("DELETE", "/api/v1/communitypost/"+pid, nil).expect(t, 200, "Post deleted successfully")
		if _, has := r.Body["data"]; has {
			t.Errorf("delete answers data: %s", r.Raw)
		}
		ada.do("DELETE", "/api/v1/communitypost/"+pid, nil).expect(t, 404, "Post not found")
		ada.do("PATCH", "/api/v1/communitypost/"+pid, map[string]any{"content": "x"}).expect(t, 404, "Post not found")
		cy.do("POST", "/api/v1/like/toggle-community-post-like/"+pid, nil).expect(t, 404, "Community post not found")
		cy.do("POST", "/api/v1/like/toggle-comment-like/"+cid, nil).expect(t, 404, "Comment not found")
		bob.do("PATCH", "/api/v1/comment/"+cid, map[string]any{"content": "x"}).expect(t, 404, "Comment not found")
		bob.do("DELETE", "/api/v1/comment/"+cid, nil).expect(t, 404, "Comment not found")
		bob.do("GET", "/api/v1/comment/post-comments/"+pid, nil).expect(t, 404, "Community post not found")
		vtExpectIDs(t, cy.do("GET", "/api/v1/communitypost/feed", nil).expect(t, 200, "Community feed fetched successfully"), keep)

		ada.do("DELETE", "/api/v1/communitypost/"+vtMissingID, nil).expect(t, 404, "Post not found")
		ada.do("DELETE", "/api/v1/communitypost/x", nil).expect(t, 400, "Invalid ID")
		e.client().do("DELETE", "/api/v1/communitypost/"+keep, nil).expect(t, 401, "UNAUTHORIZED")
	})
}
