package v1_test

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// vtStamp is the clock's time as the API writes it.
func vtStamp(e *env) string { return e.clock.Now().UTC().Format("2006-01-02T15:04:05.000Z") }

func TestVideoUpdateDetails(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("ada")
	body, ct := form(t, text("title", "Original"), text("description", "  first desc  "),
		file("video", "v.mp4", fixture(t, "moov-first.mp4")), file("thumbnail", "t.png", fixture(t, "image.png")))
	vid := c.send("POST", "/api/v1/video", body, ct).expect(t, 201, "Video uploaded successfully").data()["_id"].(string)
	if d := vtMine(t, c, vid); d["description"] != "first desc" {
		t.Fatalf("upload description %q", d["description"])
	}

	e.clock.Advance(time.Minute)
	r := c.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "  New title  ", "description": "  New desc  "}).
		expect(t, 200, "Video updated successfully")
	d := r.data()
	vtExpectKeys(t, "updated", d, "_id", "owner", "title", "description", "views", "duration", "isPublished",
		"createdAt", "updatedAt", "videoFile", "thumbnail")
	vtExpectKeys(t, "owner", d["owner"].(map[string]any), "_id", "username", "name", "profileImage")
	vtExpectKeys(t, "thumbnail", d["thumbnail"].(map[string]any), "url", "public_id")
	if d["_id"] != vid || d["title"] != "New title" || d["description"] != "New desc" || d["updatedAt"] != vtStamp(e) ||
		d["createdAt"] == d["updatedAt"] || d["isPublished"] != false {
		t.Fatalf("updated %v", d)
	}

	// An omitted description is kept.
	d = c.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "T2"}).expect(t, 200, "Video updated successfully").data()
	if d["title"] != "T2" || d["description"] != "New desc" {
		t.Fatalf("omitted description: %v", d)
	}
	// An empty one clears it.
	d = c.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "T3", "description": ""}).expect(t, 200, "Video updated successfully").data()
	if v, ok := d["description"]; !ok || v != "" || d["title"] != "T3" {
		t.Fatalf("cleared description: %v", d)
	}
	if d := vtMine(t, c, vid); d["description"] != "" || d["title"] != "T3" {
		t.Fatalf("stored %v", d)
	}
	// Blank after trimming clears it too.
	d = c.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "T3", "description": "   "}).expect(t, 200, "Video updated successfully").data()
	if d["description"] != "" {
		t.Fatalf("blank description: %v", d)
	}
	// Lengths are counted before trimming, in characters.
	c.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": strings.Repeat("é", 100), "description": strings.Repeat("d", 500)}).
		expect(t, 200, "Video updated successfully")
	c.do("PATCH", "/api/v1/video/"+vid, map[string]any{"title": "T4"}).expect(t, 200, "Video updated successfully")
	e.clock.Advance(time.Minute)
	before := vtMine(t, c, vid)

	u := "Invalid input: expected string, received undefined"
	for _, tc := range []struct {
		path    string
		body    any
		message string
	}{
		{vid, map[string]any{}, u},
		{vid, nil, "Invalid input: expected object, received undefined"},
		{vid, `[]`, "Invalid input: expected object, received array"},
		{vid, `{"title":`, "Malformed JSON in request body"},
		{vid, map[string]any{"title": ""}, "Title is required"},
		{vid, map[string]any{"title": "   "}, "Title is required"},
		{vid, map[string]any{"title": 5}, "Invalid input: expected string, received number"},
		{vid, map[string]any{"title": strings.Repeat("x", 101)}, "Title must be less than 100 characters"},
		{vid, map[string]any{"title": " " + strings.Repeat("x", 100)}, "Title must be less than 100 characters"},
		{vid, map[string]any{"title": "ok", "description": strings.Repeat("x", 501)}, "Description must be less than 500 characters"},
		{vid, map[string]any{"title": "ok", "description": nil}, "Invalid input: expected string, received null"},
		{vid, map[string]any{"title": "", "description": strings.Repeat("x", 501)},
			"Title is required, Description must be less than 500 characters"},
		{vid, map[string]any{"description": "only"}, u},
		// The body is checked before the id.
		{"abc", map[string]any{}, u},
		{"abc", map[string]any{"title": ""}, "Title is required"},
		{vtMissingID, map[string]any{"title": strings.Repeat("x", 101)}, "Title must be less than 100 characters"},
		{"abc", map[string]any{"title": "ok"}, "Invalid ID"},
	} {
		r := c.do("PATCH", "/api/v1/video/"+tc.path, tc.body)
		if r.Status != 400 || r.message() != tc.message {
			t.Errorf("PATCH %s %v: %d %s, want 400 %q", tc.path, tc.body, r.Status, r.Raw, tc.message)
		}
	}
	after := vtMine(t, c, vid)
	for _, k := range []string{"title", "description", "updatedAt"} {
		if after[k] != before[k] {
			t.Fatalf("%s changed by a refused update: %v -> %v", k, before[k], after[k])
		}
	}
}

func TestVideoTogglePublish(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c, bob := e.member("ada"), e.member("bob")
	vid := c.newVideo(t, "Toggle", false)
	created := vtMine(t, c, vid)["createdAt"]

	e.clock.Advance(time.Minute)
	r := c.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 200, "Video is now published")
	want := `{"statusCode":200,"message":"Video is now published","data":{"videoId":"` + vid + `","isPublished":true},"success":true}`
	if string(r.Raw) != want {
		t.Fatalf("body %s\nwant %s", r.Raw, want)
	}
	d := vtMine(t, c, vid)
	if d["isPublished"] != true || d["updatedAt"] != vtStamp(e) || d["createdAt"] != created {
		t.Fatalf("after publishing: %v", d)
	}
	vtExpectIDs(t, bob.do("GET", "/api/v1/video", nil).expect(t, 200, "Videos fetched"), vid)
	bob.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully")

	// A body is ignored.
	r = c.do("PATCH", "/api/v1/video/publish-status/"+vid, map[string]any{"isPublished": true}).expect(t, 200, "Video is now unpublished")
	want = `{"statusCode":200,"message":"Video is now unpublished","data":{"videoId":"` + vid + `","isPublished":false},"success":true}`
	if string(r.Raw) != want {
		t.Fatalf("body %s\nwant %s", r.Raw, want)
	}
	if d := vtMine(t, c, vid); d["isPublished"] != false {
		t.Fatalf("after unpublishing: %v", d)
	}
	vtExpectIDs(t, bob.do("GET", "/api/v1/video", nil).expect(t, 200, "Videos fetched"))
	bob.do("GET", "/api/v1/video/"+vid, nil).expect(t, 404, "Video not found")
	c.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 200, "Video is now published")
}

func TestVideoReplaceThumbnail(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("ada")
	vid := c.newVideo(t, "Thumbs", true)
	mine := vtMine(t, c, vid)
	videoKey := mine["videoFile"].(map[string]any)["public_id"].(string)
	oldKey := mine["thumbnail"].(map[string]any)["public_id"].(string)
	vtExpectFiles(t, e, []string{oldKey, videoKey})

	e.clock.Advance(time.Minute)
	body, ct := vtThumbForm(t, "image.webp")
	r := c.send("PATCH", "/api/v1/video/thumbnail/"+vid, body, ct).expect(t, 200, "Video thumbnail updated successfully")
	d := r.data()
	vtExpectKeys(t, "thumbnail answer", d, "_id", "owner", "title", "views", "duration", "isPublished", "createdAt",
		"updatedAt", "videoFile", "thumbnail")
	vtExpectKeys(t, "thumbnail", d["thumbnail"].(map[string]any), "url")
	vtExpectKeys(t, "videoFile", d["videoFile"].(map[string]any), "url")
	vtExpectKeys(t, "owner", d["owner"].(map[string]any), "_id", "username", "name", "profileImage")
	if d["_id"] != vid || d["updatedAt"] != vtStamp(e) || d["videoFile"].(map[string]any)["url"] != mine["videoFile"].(map[string]any)["url"] {
		t.Fatalf("answer %v", d)
	}
	newURL := d["thumbnail"].(map[string]any)["url"].(string)
	newKey := vtKeyOf(t, newURL)
	if !strings.HasPrefix(newKey, "thumbnails/"+vtUserID(t, c)+"/") || !strings.HasSuffix(newKey, ".webp") || newKey == oldKey {
		t.Fatalf("new key %q", newKey)
	}
	vtExpectFiles(t, e, []string{newKey, videoKey})
	if rec := vtServe(e, newURL); rec.Code != 200 || rec.Header().Get("Content-Type") != "image/webp" ||
		!bytes.Equal(rec.Body.Bytes(), fixture(t, "image.webp")) {
		t.Fatalf("serving the new thumbnail: %d %v", rec.Code, rec.Header())
	}
	if rec := vtServe(e, "http://api.test/media/"+oldKey); rec.Code != 404 {
		t.Fatalf("old thumbnail still served: %d", rec.Code)
	}
	if got := vtMine(t, c, vid)["thumbnail"].(map[string]any)["public_id"]; got != newKey {
		t.Fatalf("stored thumbnail %v", got)
	}

	// Refusals keep the current thumbnail and store nothing.
	files := vtFiles(e)
	for _, tc := range []struct {
		name    string
		body    func() (io.Reader, string)
		message string
	}{
		{"video as jpg", func() (io.Reader, string) { return vtThumbForm(t, "mp4-as.jpg") }, "Invalid thumbnail type. Only JPEG, PNG or WebP allowed."},
		{"text as png", func() (io.Reader, string) {
			return form(t, file("thumbnail", "t.png", fixture(t, "text-as.mp4")))
		}, "Invalid thumbnail type. Only JPEG, PNG or WebP allowed."},
		{"no file", func() (io.Reader, string) { return form(t, text("title", "x")) }, "Thumbnail file is required"},
		{"empty form", func() (io.Reader, string) { return form(t) }, "Thumbnail file is required"},
		{"no body", func() (io.Reader, string) { return nil, "" }, "Thumbnail file is required"},
		{"other field", func() (io.Reader, string) {
			return form(t, file("image", "t.png", fixture(t, "image.png")))
		}, "Unexpected field"},
		{"two files", func() (io.Reader, string) {
			return form(t, file("thumbnail", "a.png", fixture(t, "image.png")), file("thumbnail", "b.png", fixture(t, "image.png")))
		}, "Unexpected field"},
	} {
		b, ct := tc.body()
		r := c.send("PATCH", "/api/v1/video/thumbnail/"+vid, b, ct)
		if r.Status != 400 || r.message() != tc.message {
			t.Errorf("%s: %d %s, want 400 %q", tc.name, r.Status, r.Raw, tc.message)
		}
		if got := vtFiles(e); !slices.Equal(got, files) {
			t.Fatalf("%s: files %v, want %v", tc.name, got, files)
		}
	}
	if got := vtMine(t, c, vid)["thumbnail"].(map[string]any)["public_id"]; got != newKey {
		t.Fatalf("stored thumbnail %v after refusals", got)
	}

	// A direct upload.
	jpgKey := vtGrant(t, e, c, "thumbnail", "image/jpeg", fixture(t, "image.jpg"))
	d = c.do("PATCH", "/api/v1/video/thumbnail/"+vid, map[string]any{"thumbnailKey": jpgKey}).
		expect(t, 200, "Video thumbnail updated successfully").data()
	vtExpectKeys(t, "thumbnail", d["thumbnail"].(map[string]any), "url")
	if d["thumbnail"].(map[string]any)["url"] != "http://api.test/media/"+jpgKey {
		t.Fatalf("direct thumbnail %v", d["thumbnail"])
	}
	vtExpectFiles(t, e, []string{jpgKey, videoKey})
	// A key is used once; a key of another kind or nothing uploaded is refused.
	c.do("PATCH", "/api/v1/video/thumbnail/"+vid, map[string]any{"thumbnailKey": jpgKey}).
		expect(t, 400, "Unknown upload key: request an upload first")
	avatarKey := vtGrant(t, e, c, "avatar", "image/png", fixture(t, "image.png"))
	c.do("PATCH", "/api/v1/video/thumbnail/"+vid, map[string]any{"thumbnailKey": avatarKey}).
		expect(t, 400, "Unknown upload key: request an upload first")
	c.do("PATCH", "/api/v1/video/thumbnail/"+vid, map[string]any{"thumbnailKey": videoKey}).
		expect(t, 400, "Unknown upload key: request an upload first")
	g := c.do("POST", "/api/v1/uploads", map[string]any{"kind": "thumbnail", "contentType": "image/png", "size": 189}).
		expect(t, 201, "Upload target created").data()
	c.do("PATCH", "/api/v1/video/thumbnail/"+vid, map[string]any{"thumbnailKey": g["key"]}).
		expect(t, 400, "Nothing was uploaded for this key")
	badKey := vtGrant(t, e, c, "thumbnail", "image/png", fixture(t, "text-as.mp4"))
	c.do("PATCH", "/api/v1/video/thumbnail/"+vid, map[string]any{"thumbnailKey": badKey}).
		expect(t, 400, "Invalid thumbnail type. Only JPEG, PNG or WebP allowed.")
	c.do("PATCH", "/api/v1/video/thumbnail/"+vid, map[string]any{}).expect(t, 400, "Invalid input: expected string, received undefined")
	c.do("PATCH", "/api/v1/video/thumbnail/"+vid, map[string]any{"thumbnailKey": ""}).expect(t, 400, "thumbnailKey is required")
	vtExpectFiles(t, e, []string{avatarKey, jpgKey, videoKey})
	if got := vtMine(t, c, vid)["thumbnail"].(map[string]any)["public_id"]; got != jpgKey {
		t.Fatalf("stored thumbnail %v after refusals", got)
	}
}

func TestVideoDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	keep := ada.newVideo(t, "Keep", true)
	keepFiles := vtFiles(e)
	gone := ada.newVideo(t, "Gone", true)
	mine := vtMine(t, ada, gone)
	goneURLs := []string{mine["videoFile"].(map[string]any)["url"].(string), mine["thumbnail"].(map[string]any)["url"].(string)}
	for _, u := range goneURLs {
		if rec := vtServe(e, u); rec.Code != 200 {
			t.Fatalf("serving %s: %d", u, rec.Code)
		}
	}
	for _, c := range []*client{ada, bob} {
		vtView(t, c, keep)
		e.clock.Advance(time.Second)
		vtView(t, c, gone)
	}

	r := ada.do("DELETE", "/api/v1/video/"+gone, nil).expect(t, 200, "Video deleted successfully")
	want := `{"statusCode":200,"message":"Video deleted successfully","data":{"deletedVideoId":"` + gone + `"},"success":true}`
	if string(r.Raw) != want {
		t.Fatalf("body %s\nwant %s", r.Raw, want)
	}
	vtExpectFiles(t, e, keepFiles)
	for _, u := range goneURLs {
		if rec := vtServe(e, u); rec.Code != 404 {
			t.Fatalf("deleted media still served: %s %d", u, rec.Code)
		}
	}
	for _, c := range []*client{ada, bob} {
		c.do("GET", "/api/v1/video/"+gone, nil).expect(t, 404, "Video not found")
		vtExpectIDs(t, c.do("GET", "/api/v1/video", nil).expect(t, 200, "Videos fetched"), keep)
		vtExpectIDs(t, vtHistory(t, c, ""), keep)
	}
	r = ada.do("GET", "/api/v1/video/me", nil).expect(t, 200, "videos fetched successfully")
	vtExpectIDs(t, r, keep)
	vtExpectPage(t, r, 1, 10, 1, 1, 0, 0)

	ada.do("DELETE", "/api/v1/video/"+gone, nil).expect(t, 404, "Video not found")
	ada.do("PATCH", "/api/v1/video/"+gone, map[string]any{"title": "x"}).expect(t, 404, "Video not found")
	ada.do("PATCH", "/api/v1/video/publish-status/"+gone, nil).expect(t, 404, "Video not found")
	body, ct := vtThumbForm(t, "image.png")
	ada.send("PATCH", "/api/v1/video/thumbnail/"+gone, body, ct).expect(t, 404, "Video not found")
	vtExpectFiles(t, e, keepFiles)
	if d := vtMine(t, ada, keep); d["views"] != float64(1) || d["title"] != "Keep" {
		t.Fatalf("the other video changed: %v", d)
	}
}
