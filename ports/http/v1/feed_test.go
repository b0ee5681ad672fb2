package v1_test

import (
	"net/url"
	"testing"
	"time"
)

const msgFeed = "Subscription feed fetched successfully"

func feedOf(t testing.TB, c *client, query string) *resp {
	t.Helper()
	return c.do("GET", "/api/v1/subscriptions/feed"+query, nil).expect(t, 200, msgFeed)
}

func TestSubscriptionFeed(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob, cat, viewer := e.member("ada"), e.member("bob"), e.member("cat"), e.member("viewer")
		adaID, bobID := vtUserID(t, ada), vtUserID(t, bob)
		r := feedOf(t, viewer, "")
		vtExpectPage(t, r, 0, 10, 1, 1, 0, 0)
		vtExpectIDs(t, r)

		a1 := ada.newVideo(t, "Ada one", true)
		e.clock.Advance(time.Minute)
		b1 := bob.newVideo(t, "Bob one", true)
		e.clock.Advance(time.Minute)
		cat.newVideo(t, "Cat one", true) // not followed
		e.clock.Advance(time.Minute)
		ada.newVideo(t, "Ada draft", false)
		e.clock.Advance(time.Minute)
		ppFollow(t, viewer, adaID, true)
		ppFollow(t, viewer, bobID, true)
		ppLike(t, viewer, a1, true)

		r = feedOf(t, viewer, "")
		vtExpectIDs(t, r, b1, a1)
		vtExpectPage(t, r, 2, 10, 1, 1, 0, 0)
		if r.data()["nextCursor"] != nil {
			t.Fatalf("nextCursor %v", r.data()["nextCursor"])
		}
		doc := vtDocs(t, r)[1]
		vtExpectKeys(t, "feed item", doc, "_id", "owner", "title", "views", "duration", "createdAt", "isPublished",
			"likesCount", "videoFile", "thumbnail")
		if doc["owner"].(map[string]any)["_id"] != adaID || doc["likesCount"] != 1.0 || doc["title"] != "Ada one" {
			t.Fatalf("item %v", doc)
		}
		r = feedOf(t, viewer, "?limit=1&page=2")
		vtExpectIDs(t, r, a1)
		vtExpectPage(t, r, 2, 1, 2, 2, 1, 0)
		// Others' feeds are their own; unfollowing and unpublishing show at once.
		vtExpectIDs(t, feedOf(t, ada, ""))
		ppFollow(t, viewer, bobID, false)
		vtExpectIDs(t, feedOf(t, viewer, ""), a1)
		ada.do("PATCH", "/api/v1/video/publish-status/"+a1, nil).expect(t, 200, "Video is now unpublished")
		vtExpectIDs(t, feedOf(t, viewer, ""))

		viewer.do("GET", "/api/v1/subscriptions/feed?cursor=nonsense", nil).expect(t, 400, "Invalid cursor")
		if r := viewer.do("GET", "/api/v1/subscriptions/feed?limit=%01", nil); r.Status != 400 {
			t.Fatalf("control character: %d %s", r.Status, r.Raw)
		}
		e.client().do("GET", "/api/v1/subscriptions/feed", nil).expect(t, 401, "UNAUTHORIZED")
	})
}

// A cursor continues where its page ended, whatever arrives meanwhile:
// no video is shown twice or skipped.
func TestSubscriptionFeedCursorWhileUploading(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		ada, bob, viewer := e.member("ada"), e.member("bob"), e.member("viewer")
		ppFollow(t, viewer, vtUserID(t, ada), true)
		ppFollow(t, viewer, vtUserID(t, bob), true)
		var vids []string // oldest first
		for i, c := range []*client{ada, bob, ada, bob, ada} {
			vids = append(vids, c.newVideo(t, "Clip "+string(rune('A'+i)), true))
			e.clock.Advance(time.Minute)
		}
		r := feedOf(t, viewer, "?limit=2")
		vtExpectIDs(t, r, vids[4], vids[3])
		vtExpectPage(t, r, 5, 2, 1, 3, 0, 2)
		next := r.data()["nextCursor"].(string)

		// New videos arrive between pages.
		ada.newVideo(t, "Newer", true)
		e.clock.Advance(time.Minute)
		r = feedOf(t, viewer, "?limit=2&cursor="+url.QueryEscape(next))
		vtExpectIDs(t, r, vids[2], vids[1])
		d := r.data()
		if d["hasPrevPage"] != true || d["hasNextPage"] != true || d["prevPage"] != nil || d["nextPage"] != nil || d["totalDocs"] != 6.0 {
			t.Fatalf("cursor page %v", d)
		}
		next = d["nextCursor"].(string)
		bob.newVideo(t, "Newest", true)
		r = feedOf(t, viewer, "?limit=2&cursor="+url.QueryEscape(next))
		vtExpectIDs(t, r, vids[0])
		if d := r.data(); d["hasNextPage"] != false || d["nextCursor"] != nil || d["totalDocs"] != 7.0 {
			t.Fatalf("last page %v", d)
		}
	})
}
