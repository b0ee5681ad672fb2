package v1_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// Helpers shared by the video, history and profile image tests. Their
// names start with vt so that they do not collide with other test files.

const vtMissingID = "0123456789abcdef01234567"

// vtUserID returns the id of the signed-in caller.
func vtUserID(t testing.TB, c *client) string {
	t.Helper()
	r := c.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully")
	return r.data()["_id"].(string)
}

// vtDocs returns data.docs of a paginated answer.
func vtDocs(t testing.TB, r *resp) []map[string]any {
	t.Helper()
	raw, ok := r.data()["docs"].([]any)
	if !ok {
		t.Fatalf("no docs: %s", r.Raw)
	}
	out := make([]map[string]any, len(raw))
	for i, d := range raw {
		out[i] = d.(map[string]any)
	}
	return out
}

// vtIDs returns the _id of each doc of a paginated answer.
func vtIDs(t testing.TB, r *resp) []string {
	t.Helper()
	var out []string
	for _, d := range vtDocs(t, r) {
		out = append(out, d["_id"].(string))
	}
	return out
}

// vtExpectIDs fails unless the answer's docs are exactly want, in order.
func vtExpectIDs(t testing.TB, r *resp, want ...string) {
	t.Helper()
	if got := vtIDs(t, r); !slices.Equal(got, want) {
		t.Fatalf("docs %v, want %v; body %.600s", got, want, r.Raw)
	}
}

// vtKeys returns the keys of a JSON object in the order they were sent.
func vtKeys(t testing.TB, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %.200s", raw)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// vtDataKeys returns the keys of the answer's data object in sent order.
func vtDataKeys(t testing.TB, r *resp) []string {
	t.Helper()
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(r.Raw, &env); err != nil {
		t.Fatal(err)
	}
	return vtKeys(t, env.Data)
}

// vtSortedKeys returns the keys of a decoded object, sorted.
func vtSortedKeys(m map[string]any) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// vtExpectKeys fails unless m has exactly the keys (any order).
func vtExpectKeys(t testing.TB, what string, m map[string]any, want ...string) {
	t.Helper()
	want = slices.Clone(want)
	slices.Sort(want)
	if got := vtSortedKeys(m); !slices.Equal(got, want) {
		t.Fatalf("%s keys %v, want %v", what, got, want)
	}
}

// vtFiles returns the media files, sorted, for comparisons.
func vtFiles(e *env) []string {
	f := e.mediaFiles()
	slices.Sort(f)
	return f
}

// vtExpectFiles fails unless the media directory holds exactly want.
func vtExpectFiles(t testing.TB, e *env, want []string) {
	t.Helper()
	want = slices.Clone(want)
	slices.Sort(want)
	if got := vtFiles(e); !slices.Equal(got, want) {
		t.Fatalf("media files %v, want %v", got, want)
	}
}

// vtKeyOf turns a media URL of the local storage into its key.
func vtKeyOf(t testing.TB, url string) string {
	t.Helper()
	key, ok := strings.CutPrefix(url, "http://api.test/media/")
	if !ok || key == "" {
		t.Fatalf("not a local media URL: %q", url)
	}
	return key
}

// vtServe GETs a media URL of the local storage.
func vtServe(e *env, url string) *httptest.ResponseRecorder {
	return e.raw(httptest.NewRequest("GET", strings.TrimPrefix(url, "http://api.test"), nil))
}

// vtPublish uploads a video with the given fixture and publishes it.
func vtPublish(t testing.TB, c *client, title, videoFixture string) string {
	t.Helper()
	r := c.uploadVideo(t, title, videoFixture, "image.png").expect(t, 201, "Video uploaded successfully")
	vid := r.data()["_id"].(string)
	c.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 200, "Video is now published")
	return vid
}

// vtMine returns the caller's own video as GET /video/me shows it.
func vtMine(t testing.TB, c *client, vid string) map[string]any {
	t.Helper()
	r := c.do("GET", "/api/v1/video/me?limit=100", nil).expect(t, 200, "videos fetched successfully")
	for _, d := range vtDocs(t, r) {
		if d["_id"] == vid {
			return d
		}
	}
	t.Fatalf("video %s not in /video/me: %.600s", vid, r.Raw)
	return nil
}

// vtGrant asks for a direct-upload target and uploads data to it.
func vtGrant(t testing.TB, e *env, c *client, kind, contentType string, data []byte) string {
	t.Helper()
	g := c.do("POST", "/api/v1/uploads", map[string]any{"kind": kind, "contentType": contentType, "size": len(data)}).
		expect(t, 201, "Upload target created").data()
	req := httptest.NewRequest(g["method"].(string), strings.TrimPrefix(g["url"].(string), "http://api.test"), bytes.NewReader(data))
	for k, v := range g["headers"].(map[string]any) {
		req.Header.Set(k, v.(string))
	}
	if rec := e.raw(req); rec.Code != 200 {
		t.Fatalf("PUT upload: %d %s", rec.Code, rec.Body)
	}
	return g["key"].(string)
}

// vtThumbForm is a multipart body replacing a thumbnail.
func vtThumbForm(t testing.TB, name string) (io.Reader, string) {
	t.Helper()
	return form(t, file("thumbnail", name, fixture(t, name)))
}

func TestVideoUnpublishedIsNotFoundForOthers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	adaID := vtUserID(t, ada)
	vid := ada.newVideo(t, "Secret", false)
	before := vtMine(t, ada, vid)
	files := vtFiles(e)

	bob.do("GET", "/api/v1/video/"+vid, nil).expect(t, 404, "Video not found")
	bob.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "Hijacked", "description": "x"}).expect(t, 404, "Video not found")
	bob.do("DELETE", "/api/v1/video/"+vid, nil).expect(t, 404, "Video not found")
	body, ct := vtThumbForm(t, "image.png")
	bob.send("PATCH", "/api/v1/video/thumbnail/"+vid, body, ct).expect(t, 404, "Video not found")
	vtExpectFiles(t, e, files)
	// The video is looked up before any file is read: a bad file changes nothing.
	body, ct = vtThumbForm(t, "mp4-as.jpg")
	bob.send("PATCH", "/api/v1/video/thumbnail/"+vid, body, ct).expect(t, 404, "Video not found")
	// The direct-upload variant refuses too, and leaves bob's upload pending.
	key := vtGrant(t, e, bob, "thumbnail", "image/png", fixture(t, "image.png"))
	bob.do("PATCH", "/api/v1/video/thumbnail/"+vid, map[string]any{"thumbnailKey": key}).expect(t, 404, "Video not found")
	bob.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 404, "Video not found")
	bob.do("DELETE", "/api/v1/user/history/"+vid, nil).expect(t, 404, "Video not found in watch history")

	for _, path := range []string{"/api/v1/video", "/api/v1/video?userId=" + adaID, "/api/v1/video?query=Secret"} {
		r := bob.do("GET", path, nil).expect(t, 200, "Videos fetched")
		if vtExpectIDs(t, r); r.data()["totalDocs"] != float64(0) {
			t.Fatalf("%s: %s", path, r.Raw)
		}
	}
	// Not even its owner's public list shows it.
	vtExpectIDs(t, ada.do("GET", "/api/v1/video", nil).expect(t, 200, "Videos fetched"))
	r := bob.do("GET", "/api/v1/user/history", nil).expect(t, 200, "Watch history fetched successfully")
	if vtExpectIDs(t, r); r.data()["totalDocs"] != float64(0) {
		t.Fatalf("history %s", r.Raw)
	}

	// Nothing changed.
	after := vtMine(t, ada, vid)
	for _, k := range []string{"title", "description", "isPublished", "views", "updatedAt"} {
		if after[k] != before[k] {
			t.Fatalf("%s changed: %v -> %v", k, before[k], after[k])
		}
	}
	if after["thumbnail"].(map[string]any)["url"] != before["thumbnail"].(map[string]any)["url"] {
		t.Fatalf("thumbnail changed")
	}

	// The owner may do everything.
	d := ada.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully").data()
	if d["isPublished"] != false || d["views"] != float64(0) {
		t.Fatalf("owner's view %v", d)
	}
	vtExpectIDs(t, ada.do("GET", "/api/v1/user/history", nil).expect(t, 200, "Watch history fetched successfully"), vid)
	ada.do("DELETE", "/api/v1/user/history/"+vid, nil).expect(t, 200, "Video removed from watch history")
	ada.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "Renamed"}).expect(t, 200, "Video updated successfully")
	body, ct = vtThumbForm(t, "image.jpg")
	ada.send("PATCH", "/api/v1/video/thumbnail/"+vid, body, ct).expect(t, 200, "Video thumbnail updated successfully")
	ada.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 200, "Video is now published")
	ada.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 200, "Video is now unpublished")
	ada.do("DELETE", "/api/v1/video/"+vid, nil).expect(t, 200, "Video deleted successfully")
}

// A stranger who watched a video while it was published may not learn
// that it still exists once it is unpublished.
func TestVideoUnpublishedAfterWatchingIsNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	vid := ada.newVideo(t, "Once public", true)
	bob.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully")
	ada.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 200, "Video is now unpublished")

	bob.do("GET", "/api/v1/video/"+vid, nil).expect(t, 404, "Video not found")
	vtExpectIDs(t, bob.do("GET", "/api/v1/user/history", nil).expect(t, 200, "Watch history fetched successfully"))
	bob.do("DELETE", "/api/v1/user/history/"+vid, nil).expect(t, 404, "Video not found in watch history")
}

func TestVideoPublishedOfAnotherUserIsForbidden(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	vid := ada.newVideo(t, "Public", true)
	before := vtMine(t, ada, vid)
	files := vtFiles(e)

	bob.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "Hijacked"}).expect(t, 403, "You can only update your own videos")
	bob.do("DELETE", "/api/v1/video/"+vid, nil).expect(t, 403, "You are not authorized to delete this video")
	body, ct := vtThumbForm(t, "image.png")
	bob.send("PATCH", "/api/v1/video/thumbnail/"+vid, body, ct).expect(t, 403, "You can only update your own videos")
	vtExpectFiles(t, e, files)
	body, ct = vtThumbForm(t, "mp4-as.jpg")
	bob.send("PATCH", "/api/v1/video/thumbnail/"+vid, body, ct).expect(t, 403, "You can only update your own videos")
	key := vtGrant(t, e, bob, "thumbnail", "image/png", fixture(t, "image.png"))
	bob.do("PATCH", "/api/v1/video/thumbnail/"+vid, map[string]any{"thumbnailKey": key}).expect(t, 403, "You can only update your own videos")
	bob.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 403, "You can only update your own videos")

	after := vtMine(t, ada, vid)
	for _, k := range []string{"title", "isPublished", "views", "updatedAt"} {
		if after[k] != before[k] {
			t.Fatalf("%s changed: %v -> %v", k, before[k], after[k])
		}
	}
	if after["thumbnail"].(map[string]any)["url"] != before["thumbnail"].(map[string]any)["url"] {
		t.Fatalf("thumbnail changed")
	}
	if after["isPublished"] != true {
		t.Fatalf("unpublished by a stranger")
	}
	// Bob still sees it, and his pending upload is still his to use.
	bob.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully")
	bvid := bob.newVideo(t, "Bob's", false)
	bob.do("PATCH", "/api/v1/video/thumbnail/"+bvid, map[string]any{"thumbnailKey": key}).expect(t, 200, "Video thumbnail updated successfully")
}

func TestVideoRoutesNeedTokenAndValidID(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada := e.member("ada")
	vid := ada.newVideo(t, "Mine", true)
	files := vtFiles(e)
	anon := e.client()
	for _, tc := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/api/v1/video", nil},
		{"GET", "/api/v1/video/me", nil},
		{"POST", "/api/v1/video", map[string]any{"title": "x", "videoKey": "a", "thumbnailKey": "b"}},
		{"GET", "/api/v1/video/" + vid, nil},
		{"PATCH", "/api/v1/video/" + vid, map[string]any{"title": "x"}},
		{"DELETE", "/api/v1/video/" + vid, nil},
		{"PATCH", "/api/v1/video/thumbnail/" + vid, map[string]any{"thumbnailKey": "x"}},
		{"PATCH", "/api/v1/video/publish-status/" + vid, nil},
		{"PATCH", "/api/v1/user/profileimage", map[string]any{"profileImageKey": "x"}},
		{"GET", "/api/v1/user/history", nil},
		{"DELETE", "/api/v1/user/history", nil},
		{"DELETE", "/api/v1/user/history/" + vid, nil},
		{"POST", "/api/v1/uploads", map[string]any{"kind": "avatar", "contentType": "image/png", "size": 10}},
		// Invalid ids ask for a token first too.
		{"GET", "/api/v1/video/abc", nil},
	} {
		anon.do(tc.method, tc.path, tc.body).expect(t, 401, "UNAUTHORIZED")
	}
	body, ct := vtThumbForm(t, "image.png")
	anon.send("PATCH", "/api/v1/video/thumbnail/"+vid, body, ct).expect(t, 401, "UNAUTHORIZED")
	body, ct = form(t, file("profileImage", "a.png", fixture(t, "image.png")))
	anon.send("PATCH", "/api/v1/user/profileimage", body, ct).expect(t, 401, "UNAUTHORIZED")
	anon.uploadVideo(t, "x", "moov-first.mp4", "image.png").expect(t, 401, "UNAUTHORIZED")
	vtExpectFiles(t, e, files)
	if d := vtMine(t, ada, vid); d["title"] != "Mine" || d["isPublished"] != true || d["views"] != float64(0) {
		t.Fatalf("changed: %v", d)
	}

	// Unknown paths under the guarded prefixes ask for a token first.
	auth := bearerHeader(ada)
	for _, p := range []string{"/api/v1/video/" + vid + "/extra", "/api/v1/video/thumbnail/" + vid + "/x", "/api/v1/video/a/b/c",
		"/api/v1/user/history/" + vid + "/extra", "/api/v1/user/a/b", "/api/v1/uploads/nope"} {
		expectJSONError(t, serveRaw(e, "GET", p, nil, nil), 401, "UNAUTHORIZED")
		expectJSONError(t, serveRaw(e, "GET", p, nil, auth), 404, "Route not found")
	}

	// Ids are checked after the token, and before anything else.
	for _, bad := range []string{"abc", vid[:23], vid + "0", "0123456789abcdef0123456g", "zzzzzzzzzzzzzzzzzzzzzzzz"} {
		ada.do("GET", "/api/v1/video/"+bad, nil).expect(t, 400, "Invalid ID")
		ada.do("PATCH", "/api/v1/video/"+bad, map[string]any{"title": "x"}).expect(t, 400, "Invalid ID")
		ada.do("DELETE", "/api/v1/video/"+bad, nil).expect(t, 400, "Invalid ID")
		body, ct := vtThumbForm(t, "image.png")
		ada.send("PATCH", "/api/v1/video/thumbnail/"+bad, body, ct).expect(t, 400, "Invalid ID")
		ada.do("PATCH", "/api/v1/video/publish-status/"+bad, nil).expect(t, 400, "Invalid ID")
		ada.do("DELETE", "/api/v1/user/history/"+bad, nil).expect(t, 400, "Invalid ID")
	}
	ada.do("GET", "/api/v1/video/"+vtMissingID, nil).expect(t, 404, "Video not found")
	ada.do("PATCH", "/api/v1/video/"+vtMissingID, map[string]any{"title": "x"}).expect(t, 404, "Video not found")
	ada.do("DELETE", "/api/v1/video/"+vtMissingID, nil).expect(t, 404, "Video not found")
	body, ct = vtThumbForm(t, "image.png")
	ada.send("PATCH", "/api/v1/video/thumbnail/"+vtMissingID, body, ct).expect(t, 404, "Video not found")
	ada.do("PATCH", "/api/v1/video/publish-status/"+vtMissingID, nil).expect(t, 404, "Video not found")
	ada.do("DELETE", "/api/v1/user/history/"+vtMissingID, nil).expect(t, 404, "Video not found in watch history")
	vtExpectFiles(t, e, files)
	// Upper-case hex is an id too.
	ada.do("GET", "/api/v1/video/"+strings.ToUpper(vid), nil).expect(t, 200, "Video fetched successfully")
	if d := vtMine(t, ada, vid); d["title"] != "Mine" || d["isPublished"] != true {
		t.Fatalf("changed: %v", d)
	}
}
