package v1_test

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

func TestListVideoComments(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := ctJoin(t, e, "ada"), ctJoin(t, e, "bob")
		vid := ada.newVideo(t, "Salsa", true)
		hidden := ada.newVideo(t, "Draft", false)
		t1 := ctTick(e)
		c1 := ctComment(t, bob.client, "video-comments", vid, "first")
		t2 := ctTick(e)
		c2 := ctComment(t, ada.client, "video-comments", vid, "second")
		bob.do("POST", "/api/v1/like/toggle-comment-like/"+c2, nil).expect(t, 200, "Comment liked successfully")

		r := bob.do("GET", "/api/v1/comment/video-comments/"+vid, nil).expect(t, 200, "Video comments fetched successfully")
		ctSame(t, "docs", vtDocs(t, r), []map[string]any{
			{"_id": c2, "content": "second", "video": vid, "owner": ada.owner, "createdAt": t2, "updatedAt": t2, "likesCount": 1, "isLiked": true},
			{"_id": c1, "content": "first", "video": vid, "owner": bob.owner, "createdAt": t1, "updatedAt": t1, "likesCount": 0, "isLiked": false},
		})
		ctSame(t, "page", ctPage(r), ctFigures(2, 10, 1))
		if r.data()["nextCursor"] != nil {
			t.Errorf("nextCursor on the only page: %s", r.Raw)
		}
		if got := vtKeys(t, ctFirstDoc(t, r)); !slices.Equal(got,
			[]string{"_id", "content", "video", "owner", "createdAt", "updatedAt", "likesCount", "isLiked"}) {
			t.Errorf("item keys %v", got)
		}
		// isLiked is the caller's.
		r = ada.do("GET", "/api/v1/comment/video-comments/"+vid, nil).expect(t, 200, "Video comments fetched successfully")
		if d := vtDocs(t, r)[0]; d["likesCount"] != 1.0 || d["isLiked"] != false {
			t.Errorf("ada's view: %v", d)
		}

		// Page numbers, read leniently; limit is at most 100.
		r = bob.do("GET", "/api/v1/comment/video-comments/"+vid+"?page=2&limit=1", nil).expect(t, 200, "Video comments fetched successfully")
		vtExpectIDs(t, r, c1)
		ctSame(t, "page 2", ctPage(r), ctFigures(2, 1, 2))
		r = bob.do("GET", "/api/v1/comment/video-comments/"+vid+"?page=-1&limit=1000", nil).expect(t, 200, "Video comments fetched successfully")
		ctSame(t, "lenient", ctPage(r), ctFigures(2, 100, 1))
		r = bob.do("GET", "/api/v1/comment/video-comments/"+vid+"?page=abc&limit=0", nil).expect(t, 200, "Video comments fetched successfully")
		ctSame(t, "defaults", ctPage(r), ctFigures(2, 10, 1))

		bob.do("GET", "/api/v1/comment/video-comments/"+hidden, nil).expect(t, 404, "Video not found")
		// The video is checked before the cursor.
		bob.do("GET", "/api/v1/comment/video-comments/"+hidden+"?cursor=abc", nil).expect(t, 404, "Video not found")
		bob.do("GET", "/api/v1/comment/video-comments/"+vtMissingID, nil).expect(t, 404, "Video not found")
		bob.do("GET", "/api/v1/comment/video-comments/12345", nil).expect(t, 400, "Invalid ID")
		bob.do("GET", "/api/v1/comment/video-comments/"+vid+"?cursor=abc", nil).expect(t, 400, "Invalid cursor")
		bob.do("GET", "/api/v1/comment/video-comments/"+vid+"?cursor=a&cursor=b", nil).
			expect(t, 400, "Invalid input: expected string, received array")
		bob.do("GET", "/api/v1/comment/video-comments/"+vid+"?limit=%01", nil).expect(t, 400, "Invalid input: control characters are not allowed")
		e.client().do("GET", "/api/v1/comment/video-comments/"+vid, nil).expect(t, 401, "UNAUTHORIZED")
		ada.do("GET", "/api/v1/comment/video-comments/"+hidden, nil).expect(t, 200, "Video comments fetched successfully")
	})
}

// Reading by cursor neither repeats nor skips a comment while new ones are
// written between the pages, under a video and under a post alike; a cursor
// continues only the list it came from.
func TestCommentCursorWithNewComments(t *testing.T) {
	t.Parallel()
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := ctJoin(t, e, "ada"), ctJoin(t, e, "bob")
		vid := ada.newVideo(t, "Salsa", true)
		pid := ctPost(t, ada.client, "Post")
		otherVideo := ada.newVideo(t, "Other", true)
		for _, parent := range []struct{ kind, id, message string }{
			{"video-comments", vid, "Video comments fetched successfully"},
			{"post-comments", pid, "Post comments fetched successfully"},
		} {
			var made []string
			for i := range 5 {
				if i%2 == 0 {
					e.clock.Advance(time.Millisecond) // some share a time, some do not
				}
				made = append(made, ctComment(t, bob.client, parent.kind, parent.id, "old"))
			}
			list := "/api/v1/comment/" + parent.kind + "/" + parent.id + "?limit=2"
			var seen []string
			r := bob.do("GET", list, nil).expect(t, 200, parent.message)
			for {
				seen = append(seen, vtIDs(t, r)...)
				next := ctCursor(r)
				if next == "" {
					if r.data()["hasNextPage"] != false {
						t.Errorf("last page: %s", r.Raw)
					}
					break
				}
				// New comments arrive between pages; they belong before the first page.
				ctComment(t, ada.client, parent.kind, parent.id, "new")
				e.clock.Advance(time.Millisecond)
				ctComment(t, bob.client, parent.kind, parent.id, "newer")
				r = bob.do("GET", list+"&cursor="+url.QueryEscape(next), nil).expect(t, 200, parent.message)
				if r.data()["hasPrevPage"] != true || r.data()["prevPage"] != nil || r.data()["nextPage"] != nil {
					t.Errorf("cursor page links: %s", r.Raw)
				}
			}
			slices.Reverse(made)
			if !slices.Equal(seen, made) {
				t.Fatalf("%s by cursor: %v, want %v", parent.kind, seen, made)
			}
		}
		// A cursor of one list is refused by every other.
		next := ctCursor(bob.do("GET", "/api/v1/comment/video-comments/"+vid+"?limit=1", nil).expect(t, 200, "Video comments fetched successfully"))
		for _, other := range []string{"/api/v1/comment/video-comments/" + otherVideo, "/api/v1/comment/post-comments/" + pid,
			"/api/v1/communitypost/feed", "/api/v1/video/me"} {
			bob.do("GET", other+"?cursor="+url.QueryEscape(next), nil).expect(t, 400, "Invalid cursor")
		}
	})
}
