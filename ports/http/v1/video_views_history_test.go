package v1_test

import (
	"testing"
	"time"
)

// vtView GETs a video and returns the views its answer shows.
func vtView(t testing.TB, c *client, vid string) float64 {
	t.Helper()
	return c.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully").data()["views"].(float64)
}

// vtExpectViews fails unless the caller's GET shows want views and the
// owner's list agrees.
func vtExpectViews(t testing.TB, viewer, owner *client, vid string, want float64) {
	t.Helper()
	if got := vtView(t, viewer, vid); got != want {
		t.Fatalf("views %v, want %v", got, want)
	}
	if got := vtMine(t, owner, vid)["views"]; got != want {
		t.Fatalf("stored views %v, want %v", got, want)
	}
}

func vtHistory(t testing.TB, c *client, query string) *resp {
	t.Helper()
	return c.do("GET", "/api/v1/user/history"+query, nil).expect(t, 200, "Watch history fetched successfully")
}

// vtLongTokens keeps access tokens valid while a test moves the clock by
// hours.
var vtLongTokens = map[string]string{"JWT_ACCESS_TTL": "24h"}

func TestVideoViewsOncePerViewerPerHour(t *testing.T) {
	t.Parallel()
	e := newEnv(t, vtLongTokens)
	for _, u := range []string{"ada", "bob", "cat"} {
		e.signup(u)
	}
	ada, bob, cat := e.login("ada"), e.login("bob"), e.login("cat")
	vid := ada.newVideo(t, "Counted", true)

	// The owner's views never count.
	vtExpectViews(t, ada, ada, vid, 0)
	vtExpectViews(t, ada, ada, vid, 0)
	// The answer already includes this request's view.
	vtExpectViews(t, bob, ada, vid, 1)
	vtExpectViews(t, bob, ada, vid, 1)
	e.clock.Advance(30 * time.Minute)
	vtExpectViews(t, bob, ada, vid, 1)
	e.clock.Advance(29*time.Minute + 59*time.Second)
	vtExpectViews(t, bob, ada, vid, 1)
	// An uncounted view does not move the window: an hour after the
	// counted one, bob counts again.
	e.clock.Advance(time.Second)
	vtExpectViews(t, bob, ada, vid, 2)
	vtExpectViews(t, bob, ada, vid, 2)
	// Another viewer counts on their own.
	vtExpectViews(t, cat, ada, vid, 3)
	vtExpectViews(t, cat, ada, vid, 3)
	e.clock.Advance(time.Hour)
	vtExpectViews(t, ada, ada, vid, 3)
	vtExpectViews(t, cat, ada, vid, 4)
	vtExpectViews(t, bob, ada, vid, 5)
	// A second login of bob is still bob.
	vtExpectViews(t, e.login("bob"), ada, vid, 5)
	// Views of one video do not count for another.
	e.clock.Advance(time.Second)
	other := ada.newVideo(t, "Other", true)
	vtExpectViews(t, bob, ada, other, 1)
	vtExpectViews(t, cat, ada, other, 2)
	vtExpectViews(t, cat, ada, vid, 5)
	// Lists show the same count.
	r := bob.do("GET", "/api/v1/video?sortBy=views", nil).expect(t, 200, "Videos fetched")
	if vtDocs(t, r)[0]["views"] != float64(5) || vtDocs(t, r)[1]["views"] != float64(2) {
		t.Fatalf("list %s", r.Raw)
	}
	r = vtHistory(t, bob, "")
	if vtDocs(t, r)[1]["views"] != float64(5) {
		t.Fatalf("history %s", r.Raw)
	}
}

func TestVideoViewsWindowIsConfigurable(t *testing.T) {
	t.Parallel()
	e := newEnv(t, map[string]string{"VIEW_DEDUP_WINDOW": "10m", "JWT_ACCESS_TTL": "24h"})
	ada, bob := e.member("ada"), e.member("bob")
	vid := ada.newVideo(t, "Short window", true)
	vtExpectViews(t, bob, ada, vid, 1)
	e.clock.Advance(9 * time.Minute)
	vtExpectViews(t, bob, ada, vid, 1)
	e.clock.Advance(time.Minute)
	vtExpectViews(t, bob, ada, vid, 2)
	e.clock.Advance(10 * time.Minute)
	vtExpectViews(t, bob, ada, vid, 3)
}

func TestWatchHistoryOrderAndShape(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	adaID := vtUserID(t, ada)
	a := ada.newVideo(t, "A", true)
	b := ada.newVideo(t, "B", true)
	c := ada.newVideo(t, "C", true)

	vtExpectIDs(t, vtHistory(t, bob, ""))
	vtView(t, bob, a)
	e.clock.Advance(time.Second)
	vtView(t, bob, b)
	e.clock.Advance(time.Second)
	vtExpectIDs(t, vtHistory(t, bob, ""), b, a)
	vtView(t, bob, a)
	e.clock.Advance(time.Second)
	r := vtHistory(t, bob, "")
	vtExpectIDs(t, r, a, b)
	vtExpectPage(t, r, 2, 10, 1, 1, 0, 0)
	if r.data()["nextCursor"] != nil {
		t.Fatalf("nextCursor %v", r.data()["nextCursor"])
	}
	// A re-watch within the view window still moves the video up.
	vtView(t, bob, b)
	e.clock.Advance(time.Second)
	vtExpectIDs(t, vtHistory(t, bob, ""), b, a)

	// The history shape.
	doc := vtDocs(t, vtHistory(t, bob, ""))[1]
	vtExpectKeys(t, "history doc", doc, "_id", "owner", "title", "views", "duration", "createdAt", "videoFile", "thumbnail")
	vtExpectKeys(t, "owner", doc["owner"].(map[string]any), "_id", "username", "name", "profileImage")
	vtExpectKeys(t, "videoFile", doc["videoFile"].(map[string]any), "url", "public_id")
	if doc["owner"].(map[string]any)["_id"] != adaID || doc["title"] != "A" || doc["views"] != float64(1) || doc["duration"] != float64(2) {
		t.Fatalf("doc %v", doc)
	}

	// The owner's own watching is history too, though it is no view.
	vtView(t, ada, c)
	e.clock.Advance(time.Second)
	vtView(t, ada, a)
	vtExpectIDs(t, vtHistory(t, ada, ""), a, c)
	vtExpectIDs(t, vtHistory(t, bob, ""), b, a)

	// Pages of one.
	r = vtHistory(t, ada, "?limit=1")
	vtExpectIDs(t, r, a)
	vtExpectPage(t, r, 2, 1, 1, 2, 0, 2)
	r = vtHistory(t, ada, "?limit=1&page=2")
	vtExpectIDs(t, r, c)
	vtExpectPage(t, r, 2, 1, 2, 2, 1, 0)
	r = vtHistory(t, ada, "?limit=1&page=3")
	vtExpectIDs(t, r)
	vtExpectPage(t, r, 2, 1, 3, 2, 2, 0)
	// Lenient numbers, as on the reference's lists; limit at most 100.
	vtExpectPage(t, vtHistory(t, ada, "?limit=1000&page=-1"), 2, 100, 1, 1, 0, 0)
	vtExpectPage(t, vtHistory(t, ada, "?limit=0&page=abc"), 2, 10, 1, 1, 0, 0)
}

func TestWatchHistoryFollowsPublishing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	a := ada.newVideo(t, "A", true)
	b := ada.newVideo(t, "B", true)
	vtView(t, bob, a)
	e.clock.Advance(time.Second)
	vtView(t, bob, b)
	e.clock.Advance(time.Second)
	vtView(t, ada, b)
	vtExpectIDs(t, vtHistory(t, bob, ""), b, a)

	ada.do("PATCH", "/api/v1/video/publish-status/"+b, nil).expect(t, 200, "Video is now unpublished")
	r := vtHistory(t, bob, "")
	vtExpectIDs(t, r, a)
	vtExpectPage(t, r, 1, 10, 1, 1, 0, 0)
	// The owner still has it.
	vtExpectIDs(t, vtHistory(t, ada, ""), b)

	ada.do("PATCH", "/api/v1/video/publish-status/"+b, nil).expect(t, 200, "Video is now published")
	vtExpectIDs(t, vtHistory(t, bob, ""), b, a)
}

func TestWatchHistoryRemoveAndClear(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	a := ada.newVideo(t, "A", true)
	b := ada.newVideo(t, "B", true)
	c := ada.newVideo(t, "C", true)
	for _, vid := range []string{a, b, c} {
		vtView(t, bob, vid)
		vtView(t, ada, vid)
		e.clock.Advance(time.Second)
	}
	r := bob.do("DELETE", "/api/v1/user/history/"+b, nil).expect(t, 200, "Video removed from watch history")
	if string(r.Raw) != `{"statusCode":200,"message":"Video removed from watch history","success":true}` {
		t.Fatalf("body %s", r.Raw)
	}
	bob.do("DELETE", "/api/v1/user/history/"+b, nil).expect(t, 404, "Video not found in watch history")
	vtExpectIDs(t, vtHistory(t, bob, ""), c, a)
	// Only the caller's history changes; the video and its views stay.
	vtExpectIDs(t, vtHistory(t, ada, ""), c, b, a)
	if d := vtMine(t, ada, b); d["views"] != float64(1) {
		t.Fatalf("views %v", d["views"])
	}

	r = bob.do("DELETE", "/api/v1/user/history", nil).expect(t, 200, "Watch history cleared")
	if r.data()["removedCount"] != float64(2) || len(r.data()) != 1 {
		t.Fatalf("clear %s", r.Raw)
	}
	vtExpectIDs(t, vtHistory(t, bob, ""))
	r = bob.do("DELETE", "/api/v1/user/history", nil).expect(t, 200, "Watch history cleared")
	if r.data()["removedCount"] != float64(0) {
		t.Fatalf("clear again %s", r.Raw)
	}
	bob.do("DELETE", "/api/v1/user/history/"+a, nil).expect(t, 404, "Video not found in watch history")
	vtExpectIDs(t, vtHistory(t, ada, ""), c, b, a)
	// Watching again starts a new history.
	vtView(t, bob, b)
	vtExpectIDs(t, vtHistory(t, bob, ""), b)
}

func TestWatchHistoryLosesDeletedVideos(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, u := range []string{"ada", "bob", "cat"} {
		e.signup(u)
	}
	ada, bob, cat := e.login("ada"), e.login("bob"), e.login("cat")
	keep := ada.newVideo(t, "Keep", true)
	gone := ada.newVideo(t, "Gone", true)
	for _, c := range []*client{ada, bob, cat} {
		vtView(t, c, keep)
		e.clock.Advance(time.Second)
		vtView(t, c, gone)
	}
	ada.do("DELETE", "/api/v1/video/"+gone, nil).expect(t, 200, "Video deleted successfully")
	for _, c := range []*client{ada, bob, cat} {
		r := vtHistory(t, c, "")
		vtExpectIDs(t, r, keep)
		vtExpectPage(t, r, 1, 10, 1, 1, 0, 0)
		c.do("DELETE", "/api/v1/user/history/"+gone, nil).expect(t, 404, "Video not found in watch history")
	}
	r := bob.do("DELETE", "/api/v1/user/history", nil).expect(t, 200, "Watch history cleared")
	if r.data()["removedCount"] != float64(1) {
		t.Fatalf("clear %s", r.Raw)
	}
}

// Clearing reports what the caller could see: entries of videos hidden
// from them are not theirs to count.
func TestWatchHistoryClearCountsOnlyVisible(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	a := ada.newVideo(t, "A", true)
	b := ada.newVideo(t, "B", true)
	vtView(t, bob, a)
	vtView(t, bob, b)
	ada.do("PATCH", "/api/v1/video/publish-status/"+b, nil).expect(t, 200, "Video is now unpublished")
	vtExpectPage(t, vtHistory(t, bob, ""), 1, 10, 1, 1, 0, 0)
	r := bob.do("DELETE", "/api/v1/user/history", nil).expect(t, 200, "Watch history cleared")
	vtExpectIDs(t, vtHistory(t, bob, ""))
	if r.data()["removedCount"] != float64(1) {
		t.Fatalf("removedCount %v, want the one visible entry", r.data()["removedCount"])
	}
}
