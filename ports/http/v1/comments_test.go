package v1_test

import (
	"slices"
	"strings"
	"testing"
)

func TestCommentOnVideo(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := ctJoin(t, e, "ada"), ctJoin(t, e, "bob")
		vid := ada.newVideo(t, "Salsa", true)
		hidden := ada.newVideo(t, "Draft", false)
		now := ctTick(e)

		r := bob.do("POST", "/api/v1/comment/video-comments/"+vid, map[string]any{"content": "  Nice moves \n"}).
			expect(t, 201, "Comment added successfully")
		ctSame(t, "new comment", r.data(), map[string]any{"content": "Nice moves", "video": vid, "owner": bob.owner,
			"_id": r.data()["_id"], "createdAt": now, "updatedAt": now})
		if got := vtDataKeys(t, r); !slices.Equal(got, []string{"content", "video", "owner", "_id", "createdAt", "updatedAt"}) {
			t.Errorf("keys %v", got)
		}
		// The limit counts the trimmed text.
		bob.do("POST", "/api/v1/comment/video-comments/"+vid, map[string]any{"content": " " + strings.Repeat("é", 2000) + " "}).
			expect(t, 201, "Comment added successfully")
		// An unpublished video exists for its owner only.
		ada.do("POST", "/api/v1/comment/video-comments/"+hidden, map[string]any{"content": "note to self"}).
			expect(t, 201, "Comment added successfully")

		for _, tc := range []struct {
			c       *client
			path    string
			body    any
			status  int
			message string
		}{
			{bob.client, "/api/v1/comment/video-comments/" + hidden, map[string]any{"content": "hi"}, 404, "Video not found"},
			{bob.client, "/api/v1/comment/video-comments/" + vtMissingID, map[string]any{"content": "hi"}, 404, "Video not found"},
			{bob.client, "/api/v1/comment/video-comments/123", map[string]any{"content": "hi"}, 400, "Invalid ID"},
			{bob.client, "/api/v1/comment/video-comments/" + vid, map[string]any{"content": ""}, 400, "Comment Content is required"},
			{bob.client, "/api/v1/comment/video-comments/" + vid, map[string]any{"content": " \n\t "}, 400, "Comment Content is required"},
			{bob.client, "/api/v1/comment/video-comments/" + vid, map[string]any{"content": strings.Repeat("x", 2001)}, 400, "Comment must be at most 2000 characters"},
			{bob.client, "/api/v1/comment/video-comments/" + vid, map[string]any{}, 400, "Invalid input: expected string, received undefined"},
			{bob.client, "/api/v1/comment/video-comments/" + vid, map[string]any{"content": 7}, 400, "Invalid input: expected string, received number"},
			{bob.client, "/api/v1/comment/video-comments/" + vid, nil, 400, "Invalid input: expected object, received undefined"},
			// The body is checked before the video, as the reference's validators run first.
			{bob.client, "/api/v1/comment/video-comments/" + vtMissingID, map[string]any{"content": ""}, 400, "Comment Content is required"},
			{e.client(), "/api/v1/comment/video-comments/" + vid, map[string]any{"content": "hi"}, 401, "UNAUTHORIZED"},
		} {
			tc.c.do("POST", tc.path, tc.body).expect(t, tc.status, tc.message)
		}
		r = bob.do("POST", "/api/v1/comment/video-comments/"+vid, map[string]any{"content": ""}).expect(t, 400, "Comment Content is required")
		ctSame(t, "errors", r.Body["errors"], []any{map[string]any{"field": "content", "message": "Comment Content is required"}})
	})
}

func TestCommentOnPost(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := ctJoin(t, e, "ada"), ctJoin(t, e, "bob")
		pid := ctPost(t, ada.client, "Hello")
		now := ctTick(e)
		r := bob.do("POST", "/api/v1/comment/post-comments/"+pid, map[string]any{"content": "Hi!"}).
			expect(t, 201, "Comment added successfully")
		ctSame(t, "new comment", r.data(), map[string]any{"content": "Hi!", "communityPost": pid, "owner": bob.owner,
			"_id": r.data()["_id"], "createdAt": now, "updatedAt": now})
		if got := vtDataKeys(t, r); !slices.Equal(got, []string{"content", "communityPost", "owner", "_id", "createdAt", "updatedAt"}) {
			t.Errorf("keys %v", got)
		}
		bob.do("POST", "/api/v1/comment/post-comments/"+vtMissingID, map[string]any{"content": "Hi"}).expect(t, 404, "Community post not found")
		bob.do("GET", "/api/v1/comment/post-comments/"+vtMissingID, nil).expect(t, 404, "Community post not found")
		bob.do("POST", "/api/v1/comment/post-comments/x", map[string]any{"content": "Hi"}).expect(t, 400, "Invalid ID")
		bob.do("GET", "/api/v1/comment/post-comments/x", nil).expect(t, 400, "Invalid ID")
		bob.do("POST", "/api/v1/comment/post-comments/"+pid, map[string]any{"content": "   "}).expect(t, 400, "Comment Content is required")
		e.client().do("POST", "/api/v1/comment/post-comments/"+pid, map[string]any{"content": "Hi"}).expect(t, 401, "UNAUTHORIZED")
		e.client().do("GET", "/api/v1/comment/post-comments/"+pid, nil).expect(t, 401, "UNAUTHORIZED")

		list := bob.do("GET", "/api/v1/comment/post-comments/"+pid, nil).expect(t, 200, "Post comments fetched successfully")
		ctSame(t, "docs", vtDocs(t, list), []map[string]any{{"_id": r.data()["_id"], "content": "Hi!", "communityPost": pid,
			"owner": bob.owner, "createdAt": now, "updatedAt": now, "likesCount": 0, "isLiked": false}})
	})
}

func TestEditComment(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := ctJoin(t, e, "ada"), ctJoin(t, e, "bob")
		vid := ada.newVideo(t, "Salsa", true)
		created := ctTick(e)
		cid := ctComment(t, bob.client, "video-comments", vid, "first")
		edited := ctTick(e)

		r := bob.do("PATCH", "/api/v1/comment/"+cid, map[string]any{"content": " second "}).expect(t, 200, "Comment updated successfully")
		ctSame(t, "edited", r.data(), map[string]any{"_id": cid, "content": "second", "video": vid, "owner": bob.id,
			"createdAt": created, "updatedAt": edited})
		if got := vtDataKeys(t, r); !slices.Equal(got, []string{"_id", "content", "video", "owner", "createdAt", "updatedAt"}) {
			t.Errorf("keys %v", got)
		}
		pid := ctPost(t, ada.client, "Post")
		pc := ctComment(t, bob.client, "post-comments", pid, "on a post")
		r = bob.do("PATCH", "/api/v1/comment/"+pc, map[string]any{"content": "edited"}).expect(t, 200, "Comment updated successfully")
		if r.data()["communityPost"] != pid || r.data()["video"] != nil {
			t.Errorf("post comment: %s", r.Raw)
		}

		// The video's owner may delete the comment, not rewrite it.
		ada.do("PATCH", "/api/v1/comment/"+cid, map[string]any{"content": "mine now"}).expect(t, 403, "You are not authorized to edit this comment")
		bob.do("PATCH", "/api/v1/comment/"+cid, map[string]any{"content": "  "}).expect(t, 400, "Comment Content is required")
		bob.do("PATCH", "/api/v1/comment/"+cid, map[string]any{"content": strings.Repeat("x", 2001)}).expect(t, 400, "Comment must be at most 2000 characters")
		bob.do("PATCH", "/api/v1/comment/"+cid, nil).expect(t, 400, "Invalid input: expected object, received undefined")
		bob.do("PATCH", "/api/v1/comment/"+vtMissingID, map[string]any{"content": "x"}).expect(t, 404, "Comment not found")
		bob.do("PATCH", "/api/v1/comment/zz", map[string]any{"content": "x"}).expect(t, 400, "Invalid ID")
		e.client().do("PATCH", "/api/v1/comment/"+cid, map[string]any{"content": "x"}).expect(t, 401, "UNAUTHORIZED")

		// Once the video is unpublished, its comments are gone for everyone but its owner.
		ada.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 200, "Video is now unpublished")
		bob.do("PATCH", "/api/v1/comment/"+cid, map[string]any{"content": "x"}).expect(t, 404, "Comment not found")
		bob.do("GET", "/api/v1/comment/video-comments/"+vid, nil).expect(t, 404, "Video not found")
		ada.do("GET", "/api/v1/comment/video-comments/"+vid, nil).expect(t, 200, "Video comments fetched successfully")
	})
}

func TestDeleteComment(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob, cy := ctJoin(t, e, "ada"), ctJoin(t, e, "bob"), ctJoin(t, e, "cy")
		vid := ada.newVideo(t, "Salsa", true)
		pid := ctPost(t, ada.client, "Post")
		own := ctComment(t, bob.client, "video-comments", vid, "mine")
		onVideo := ctComment(t, bob.client, "video-comments", vid, "moderated")
		onPost := ctComment(t, bob.client, "post-comments", pid, "moderated too")

		cy.do("DELETE", "/api/v1/comment/"+own, nil).expect(t, 403, "You are not Authorized to delete this comment")
		// A like on the comment goes with it: liking it afterwards finds nothing.
		cy.do("POST", "/api/v1/like/toggle-comment-like/"+own, nil).expect(t, 200, "Comment liked successfully")
		r := bob.do("DELETE", "/api/v1/comment/"+own, nil).expect(t, 200, "Comment deleted successfully")
		if _, has := r.Body["data"]; has {
			t.Errorf("delete answers data: %s", r.Raw)
		}
		cy.do("POST", "/api/v1/like/toggle-comment-like/"+own, nil).expect(t, 404, "Comment not found")
		bob.do("DELETE", "/api/v1/comment/"+own, nil).expect(t, 404, "Comment not found")

		// The owner of the video or post moderates what is written under it.
		ada.do("DELETE", "/api/v1/comment/"+onVideo, nil).expect(t, 200, "Comment deleted successfully")
		ada.do("DELETE", "/api/v1/comment/"+onPost, nil).expect(t, 200, "Comment deleted successfully")
		vtExpectIDs(t, ada.do("GET", "/api/v1/comment/video-comments/"+vid, nil).expect(t, 200, "Video comments fetched successfully"))
		vtExpectIDs(t, ada.do("GET", "/api/v1/comment/post-comments/"+pid, nil).expect(t, 200, "Post comments fetched successfully"))

		bob.do("DELETE", "/api/v1/comment/"+vtMissingID, nil).expect(t, 404, "Comment not found")
		bob.do("DELETE", "/api/v1/comment/nope", nil).expect(t, 400, "Invalid ID")
		e.client().do("DELETE", "/api/v1/comment/"+onVideo, nil).expect(t, 401, "UNAUTHORIZED")
	})
}
