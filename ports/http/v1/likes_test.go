package v1_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestToggleVideoLike(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := e.member("ada"), e.member("bob")
		pub, hidden := ada.newVideo(t, "Public", true), ada.newVideo(t, "Hidden", false)
		ppLike(t, bob, pub, true)
		ppLike(t, bob, pub, false)
		ppLike(t, bob, pub, true)
		// Unpublished videos exist only for their owner, who may like them.
		bob.do("POST", "/api/v1/like/toggle-video-like/"+hidden, nil).expect(t, 404, "Video not found")
		ppLike(t, ada, hidden, true)
		ppLike(t, ada, pub, true)
		bob.do("POST", "/api/v1/like/toggle-video-like/"+vtMissingID, nil).expect(t, 404, "Video not found")
		expectFieldError(t, bob.do("POST", "/api/v1/like/toggle-video-like/nope", nil), "videoId", "Invalid ID")
		e.client().do("POST", "/api/v1/like/toggle-video-like/"+pub, nil).expect(t, 401, "UNAUTHORIZED")
		if got := vtMine(t, ada, pub)["likesCount"]; got != 2.0 {
			t.Fatalf("likesCount %v", got)
		}
		// A video that is gone takes its likes with it.
		ada.do("DELETE", "/api/v1/video/"+pub, nil).expect(t, 200, "Video deleted successfully")
		bob.do("POST", "/api/v1/like/toggle-video-like/"+pub, nil).expect(t, 404, "Video not found")
	})
}

func TestToggleCommentLike(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := e.member("ada"), e.member("bob")
		pub, hidden := ada.newVideo(t, "Public", true), ada.newVideo(t, "Hidden", false)
		cid := ppComment(t, ada, pub)
		path := "/api/v1/like/toggle-comment-like/"
		r := bob.do("POST", path+cid, nil).expect(t, 200, "Comment liked successfully")
		if keys := vtDataKeys(t, r); len(keys) != 1 || r.data()["isLiked"] != true {
			t.Fatalf("data %s", r.Raw)
		}
		if bob.do("POST", path+cid, nil).expect(t, 200, "Comment unliked successfully").data()["isLiked"] != false {
			t.Fatal("still liked")
		}
		ada.do("POST", path+cid, nil).expect(t, 200, "Comment liked successfully") // one's own comment
		// A comment on a video others may not see is not found for them.
		onHidden := ppComment(t, ada, hidden)
		bob.do("POST", path+onHidden, nil).expect(t, 404, "Comment not found")
		ada.do("POST", path+onHidden, nil).expect(t, 200, "Comment liked successfully")
		bob.do("POST", path+vtMissingID, nil).expect(t, 404, "Comment not found")
		expectFieldError(t, bob.do("POST", path+"123", nil), "commentId", "Invalid ID")
		e.client().do("POST", path+cid, nil).expect(t, 401, "UNAUTHORIZED")
	})
}

func TestTogglePostLike(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := e.member("ada"), e.member("bob")
		pid := ppPost(t, ada)
		path := "/api/v1/like/toggle-community-post-like/"
		if bob.do("POST", path+pid, nil).expect(t, 200, "Post liked successfully").data()["isLiked"] != true {
			t.Fatal("not liked")
		}
		if bob.do("POST", path+pid, nil).expect(t, 200, "Post unliked successfully").data()["isLiked"] != false {
			t.Fatal("still liked")
		}
		ada.do("POST", path+pid, nil).expect(t, 200, "Post liked successfully")
		bob.do("POST", path+vtMissingID, nil).expect(t, 404, "Community post not found")
		ada.do("DELETE", "/api/v1/communitypost/"+pid, nil).expect(t, 200, "Post deleted successfully")
		bob.do("POST", path+pid, nil).expect(t, 404, "Community post not found")
		expectFieldError(t, bob.do("POST", path+"xyz", nil), "postId", "Invalid ID")
		e.client().do("POST", path+pid, nil).expect(t, 401, "UNAUTHORIZED")
	})
}

func TestLikedVideos(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := e.member("ada"), e.member("bob")
		adaID := vtUserID(t, ada)
		v1, v2, v3 := ada.newVideo(t, "One", true), ada.newVideo(t, "Two", true), ada.newVideo(t, "Three", true)
		own := bob.newVideo(t, "Bob's draft", false)
		liked := func(c *client, query string) []map[string]any {
			t.Helper()
			return ppArray(t, c.do("GET", "/api/v1/like/liked-videos"+query, nil).expect(t, 200, "Liked videos fetched successfully"))
		}
		ppExpect(t, "none yet", ppValues(liked(bob, ""), "_id"))
		for _, v := range []string{v2, v1, v3, own} {
			ppLike(t, bob, v, true)
			e.clock.Advance(time.Second)
		}
		// Likes of comments and posts are not videos.
		bob.do("POST", "/api/v1/like/toggle-comment-like/"+ppComment(t, ada, v1), nil).expect(t, 200, "Comment liked successfully")
		bob.do("POST", "/api/v1/like/toggle-community-post-like/"+ppPost(t, ada), nil).expect(t, 200, "Post liked successfully")

		items := liked(bob, "")
		ppExpect(t, "most recently liked first", ppValues(items, "_id"), own, v3, v1, v2)
		vtExpectKeys(t, "item", items[1], "_id", "owner", "title", "views", "duration", "createdAt", "isPublished", "videoFile", "thumbnail")
		vtExpectKeys(t, "owner", items[1]["owner"].(map[string]any), "_id", "username", "name", "profileImage")
		if items[1]["owner"].(map[string]any)["_id"] != adaID || items[1]["title"] != "Three" || items[1]["isPublished"] != true {
			t.Fatalf("item %v", items[1])
		}
		// The caller's own draft stays, as unpublished.
		if items[0]["isPublished"] != false {
			t.Fatalf("own draft %v", items[0])
		}
		ppExpect(t, "limit 2", ppValues(liked(bob, "?limit=2"), "_id"), own, v3)
		ppExpect(t, "page 2", ppValues(liked(bob, "?limit=2&page=2"), "_id"), v1, v2)
		ppExpect(t, "lenient", ppValues(liked(bob, "?limit=0&page=abc"), "_id"), own, v3, v1, v2)
		if r := bob.do("GET", "/api/v1/like/liked-videos?page=1%0A", nil); r.Status != 400 {
			t.Fatalf("control character: %d %s", r.Status, r.Raw)
		}
		// Hidden and deleted videos drop out; unliking removes.
		ada.do("PATCH", "/api/v1/video/publish-status/"+v1, nil).expect(t, 200, "Video is now unpublished")
		ada.do("DELETE", "/api/v1/video/"+v3, nil).expect(t, 200, "Video deleted successfully")
		ppLike(t, bob, own, false)
		ppExpect(t, "after changes", ppValues(liked(bob, ""), "_id"), v2)
		ppExpect(t, "others' likes", ppValues(liked(ada, ""), "_id"))
		e.client().do("GET", "/api/v1/like/liked-videos", nil).expect(t, 401, "UNAUTHORIZED")
	})
}

// Video lists and pages show the real like and follow figures.
func TestVideoFiguresAreReal(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := e.member("ada"), e.member("bob")
		adaID := vtUserID(t, ada)
		vid := ada.newVideo(t, "Figures", true)
		listed := func(c *client) map[string]any {
			t.Helper()
			docs := vtDocs(t, c.do("GET", "/api/v1/video", nil).expect(t, 200, "Videos fetched"))
			if len(docs) != 1 {
				t.Fatalf("docs %v", docs)
			}
			return docs[0]
		}
		detail := func(c *client) map[string]any {
			t.Helper()
			return c.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully").data()
		}
		if d := detail(bob); d["likesCount"] != 0.0 || d["isLiked"] != false {
			t.Fatalf("before %v", d)
		}
		ppLike(t, bob, vid, true)
		if d := listed(bob); d["likesCount"] != 1.0 {
			t.Fatalf("GET /video %v", d)
		}
		if d := vtMine(t, ada, vid); d["likesCount"] != 1.0 {
			t.Fatalf("GET /video/me %v", d)
		}
		if d := detail(bob); d["likesCount"] != 1.0 || d["isLiked"] != true {
			t.Fatalf("bob's page %v", d)
		}
		if d := detail(ada); d["likesCount"] != 1.0 || d["isLiked"] != false {
			t.Fatalf("ada's page %v", d)
		}
		ppLike(t, ada, vid, true)
		if d := detail(ada); d["likesCount"] != 2.0 || d["isLiked"] != true || listed(ada)["likesCount"] != 2.0 {
			t.Fatalf("two likes %v", d)
		}

		owner := func(c *client) map[string]any { t.Helper(); return detail(c)["owner"].(map[string]any) }
		if o := owner(bob); o["followersCount"] != 0.0 || o["isFollowed"] != false || o["_id"] != adaID {
			t.Fatalf("owner before %v", o)
		}
		ppFollow(t, bob, adaID, true)
		if o := owner(bob); o["followersCount"] != 1.0 || o["isFollowed"] != true {
			t.Fatalf("owner for bob %v", o)
		}
		if o := owner(ada); o["followersCount"] != 1.0 || o["isFollowed"] != false {
			t.Fatalf("owner for ada %v", o)
		}
		ppFollow(t, bob, adaID, false)
		ppLike(t, bob, vid, false)
		if d := detail(bob); d["likesCount"] != 1.0 || d["isLiked"] != false || d["owner"].(map[string]any)["followersCount"] != 0.0 {
			t.Fatalf("after undoing %v", d)
		}
	})
}

// Racing toggles never fail, and the state they leave is the one every
// figure reports.
func TestConcurrentLikeToggles(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob := e.member("ada"), e.member("bob")
		vid := ada.newVideo(t, "Race", true)
		var fans []*client
		for i := range 8 {
			fans = append(fans, e.member(fmt.Sprintf("fan%d", i)))
		}
		var wg sync.WaitGroup
		statuses := make(chan int, 20+len(fans))
		for range 20 {
			wg.Go(func() { statuses <- bob.do("POST", "/api/v1/like/toggle-video-like/"+vid, nil).Status })
		}
		for _, f := range fans {
			wg.Go(func() { statuses <- f.do("POST", "/api/v1/like/toggle-video-like/"+vid, nil).Status })
		}
		wg.Wait()
		close(statuses)
		for s := range statuses {
			if s != http.StatusOK {
				t.Fatalf("a toggle got %d", s)
			}
		}
		d := bob.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully").data()
		bobLikes := d["isLiked"] == true
		want := float64(len(fans))
		if bobLikes {
			want++
		}
		if d["likesCount"] != want {
			t.Fatalf("likesCount %v, isLiked %v, want %v", d["likesCount"], bobLikes, want)
		}
		inList := len(ppArray(t, bob.do("GET", "/api/v1/like/liked-videos", nil))) == 1
		if inList != bobLikes {
			t.Fatalf("liked-videos lists it: %v, isLiked %v", inList, bobLikes)
		}
		// The next toggle flips the settled state.
		ppLike(t, bob, vid, !bobLikes)
	})
}

// The lists the reference gave whole hold a full page when the client
// asks for no limit, as its clients do; other lists hold 10.
func TestWholeListsDefaultToAFullPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, map[string]string{"DATABASE_URL": "memory:"})
	ada, bob := e.member("ada"), e.member("bob")
	const n = 12
	for i := range n {
		ppLike(t, bob, ada.newVideo(t, fmt.Sprint("V", i), true), true)
		ada.do("POST", "/api/v1/playlist", map[string]any{"name": fmt.Sprint("L", i)}).expect(t, 201, "Playlist created successfully")
	}
	adaID := vtUserID(t, ada)
	for path, want := range map[string]int{
		"/api/v1/like/liked-videos":                     n,
		"/api/v1/playlist/user/" + adaID:                n,
		"/api/v1/like/liked-videos?limit=5":             5,
		"/api/v1/playlist/user/" + adaID + "?limit=abc": n,
	} {
		r := bob.do("GET", path, nil)
		if got := len(ppArray(t, r)); r.Status != 200 || got != want {
			t.Errorf("GET %s: %d items, want %d", path, got, want)
		}
	}
	r := bob.do("GET", "/api/v1/video", nil).expect(t, 200, "Videos fetched")
	if got := len(r.data()["docs"].([]any)); got != 10 {
		t.Errorf("GET /video: %d items, want the usual 10", got)
	}
}
