package v1_test

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestUploadVideoMultipart(t *testing.T) {
	e := newEnv(t, nil)
	c := e.member("ada")
	r := c.uploadVideo(t, "  My clip  ", "moov-last.mp4", "image.jpg").expect(t, 201, "Video uploaded successfully")
	d := r.data()
	if d["title"] != "My clip" || d["isPublished"] != false || d["views"] != float64(0) {
		t.Fatalf("data %v", d)
	}
	if dur := d["duration"].(float64); dur < 1.45 || dur > 1.55 {
		t.Fatalf("duration %v, want 1.5", dur)
	}
	owner := d["owner"].(map[string]any)
	if owner["username"] != "ada" {
		t.Fatalf("owner %v", owner)
	}
	vf := d["videoFile"].(map[string]any)
	key := vf["public_id"].(string)
	if !strings.HasPrefix(key, "videos/"+owner["_id"].(string)+"/") || vf["url"] != "http://api.test/media/"+key {
		t.Fatalf("video file %v", vf)
	}
	if files := e.mediaFiles(); len(files) != 2 {
		t.Fatalf("media files %v", files)
	}

	// It plays with seeking: a range request gets 206 and the right bytes.
	want := fixture(t, "moov-last.mp4")
	req := httptest.NewRequest("GET", "/media/"+key, nil)
	req.Header.Set("Range", "bytes=100-199")
	rec := e.raw(req)
	if rec.Code != 206 || !bytes.Equal(rec.Body.Bytes(), want[100:200]) ||
		rec.Header().Get("Content-Range") != fmt.Sprintf("bytes 100-199/%d", len(want)) ||
		rec.Header().Get("Content-Type") != "video/mp4" || rec.Header().Get("Cross-Origin-Resource-Policy") != "cross-origin" ||
		rec.Header().Get("ETag") == "" || rec.Header().Get("Last-Modified") == "" || rec.Header().Get("Accept-Ranges") != "bytes" {
		t.Fatalf("range: %d %v", rec.Code, rec.Header())
	}
	// A range it cannot serve is the API's JSON error, security headers
	// included.
	req = httptest.NewRequest("GET", "/media/"+key, nil)
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-", len(want)))
	rec = e.raw(req)
	expectJSONError(t, rec, 416, "Range Not Satisfiable")
	if rec.Header().Get("Content-Range") != fmt.Sprintf("bytes */%d", len(want)) || rec.Header().Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Fatalf("416: %v", rec.Header())
	}
}

func TestUploadVideoRefusalsLeaveNothing(t *testing.T) {
	e := newEnv(t, map[string]string{"MAX_VIDEO_BYTES": "10000"})
	c := e.member("ada")
	png, mp4, jpg := fixture(t, "image.png"), fixture(t, "moov-first.mp4"), fixture(t, "image.jpg")
	for _, tc := range []struct {
		name    string
		parts   []part
		status  int
		message string
	}{
		{"text as video", []part{text("title", "x"), file("video", "a.mp4", fixture(t, "text-as.mp4")), file("thumbnail", "t.png", png)},
			400, "Invalid video file type. Only MP4 or QuickTime allowed."},
		{"png as video", []part{text("title", "x"), file("video", "a.mp4", fixture(t, "png-as.mp4")), file("thumbnail", "t.png", png)},
			400, "Invalid video file type. Only MP4 or QuickTime allowed."},
		{"video as thumbnail", []part{text("title", "x"), file("video", "a.mp4", mp4), file("thumbnail", "t.jpg", fixture(t, "mp4-as.jpg"))},
			400, "Invalid thumbnail type. Only JPEG, PNG or WebP allowed."},
		{"no duration", []part{text("title", "x"), file("video", "a.mp4", fixture(t, "truncated.mp4")), file("thumbnail", "t.png", png)},
			400, "Could not read the video's duration"},
		{"too large", []part{text("title", "x"), file("thumbnail", "t.png", png), file("video", "a.mp4", fixture(t, "moov-last.mp4"))},
			413, "Video file exceeds 10000 bytes size limit"},
		{"missing thumbnail", []part{text("title", "x"), file("video", "a.mp4", mp4)}, 400, "Thumbnail file is required"},
		{"missing video", []part{text("title", "x"), file("thumbnail", "t.jpg", jpg)}, 400, "Video file is required"},
		{"missing title", []part{file("video", "a.mp4", mp4), file("thumbnail", "t.jpg", jpg)}, 400, "Invalid input: expected string, received undefined"},
		{"blank title", []part{text("title", "   "), file("video", "a.mp4", mp4), file("thumbnail", "t.jpg", jpg)}, 400, "Title is required"},
		{"long title", []part{text("title", strings.Repeat("x", 101)), file("video", "a.mp4", mp4), file("thumbnail", "t.jpg", jpg)},
			400, "Title must be less than 100 characters"},
		{"unexpected field", []part{text("title", "x"), file("video", "a.mp4", mp4), file("other", "t.jpg", jpg)}, 400, "Unexpected field"},
		{"two videos", []part{text("title", "x"), file("video", "a.mp4", mp4), file("video", "b.mp4", mp4)}, 400, "Unexpected field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, ct := form(t, tc.parts...)
			c.send("POST", "/api/v1/video", body, ct).expect(t, tc.status, tc.message)
			if files := e.mediaFiles(); len(files) != 0 {
				t.Fatalf("files left: %v", files)
			}
			if r := c.do("GET", "/api/v1/video/me", nil); r.data()["totalDocs"] != float64(0) {
				t.Fatalf("a video row was created: %s", r.Raw)
			}
		})
	}
	c.send("POST", "/api/v1/video", strings.NewReader("x"), "text/plain").expect(t, 400, "Invalid input: expected object, received undefined")
	e.client().uploadVideo(t, "x", "moov-first.mp4", "image.png").expect(t, 401, "UNAUTHORIZED")
}

func TestDirectUploadFlow(t *testing.T) {
	e := newEnv(t, nil)
	c, bob := e.member("ada"), e.member("bob")
	mp4, png := fixture(t, "moov-first.mp4"), fixture(t, "image.png")
	grant := func(kind, ct string, size int) map[string]any {
		r := c.do("POST", "/api/v1/uploads", map[string]any{"kind": kind, "contentType": ct, "size": size}).expect(t, 201, "Upload target created")
		return r.data()
	}
	put := func(g map[string]any, data []byte) int {
		req := httptest.NewRequest(g["method"].(string), strings.TrimPrefix(g["url"].(string), "http://api.test"), bytes.NewReader(data))
		for k, v := range g["headers"].(map[string]any) {
			req.Header.Set(k, v.(string))
		}
		return e.raw(req).Code
	}
	gv, gt := grant("video", "video/mp4", len(mp4)), grant("thumbnail", "image/png", len(png))
	if gv["method"] != "PUT" || !strings.HasPrefix(gv["url"].(string), "http://api.test/uploads/") {
		t.Fatalf("grant %v", gv)
	}
	finalize := map[string]any{"title": "Direct", "videoKey": gv["key"], "thumbnailKey": gt["key"]}
	c.do("POST", "/api/v1/video", finalize).expect(t, 400, "Nothing was uploaded for this key")
	if code := put(gv, mp4); code != 200 {
		t.Fatalf("PUT video: %d", code)
	}
	if code := put(gt, png); code != 200 {
		t.Fatalf("PUT thumbnail: %d", code)
	}
	bob.do("POST", "/api/v1/video", finalize).expect(t, 400, "Unknown upload key: request an upload first")
	r := c.do("POST", "/api/v1/video", finalize).expect(t, 201, "Video uploaded successfully")
	if r.data()["videoFile"].(map[string]any)["public_id"] != gv["key"] || r.data()["duration"].(float64) < 1.95 {
		t.Fatalf("finalized %v", r.data())
	}
	c.do("POST", "/api/v1/video", finalize).expect(t, 400, "Unknown upload key: request an upload first")

	// Bytes that are not what they claim are refused and deleted.
	g2, g3 := grant("video", "video/mp4", 100), grant("thumbnail", "image/png", len(png))
	put(g2, fixture(t, "text-as.mp4"))
	put(g3, png)
	c.do("POST", "/api/v1/video", map[string]any{"title": "Bad", "videoKey": g2["key"], "thumbnailKey": g3["key"]}).
		expect(t, 400, "Invalid video file type. Only MP4 or QuickTime allowed.")
	if files := e.mediaFiles(); len(files) != 3 { // the good video's two files, and g3 still pending
		t.Fatalf("files %v", files)
	}
	c.do("POST", "/api/v1/uploads", map[string]any{"kind": "video", "contentType": "video/mp4", "size": 200 << 20}).
		expect(t, 413, "Video file exceeds 100MB size limit")
	c.do("POST", "/api/v1/uploads", map[string]any{"kind": "video", "contentType": "image/png", "size": 10}).
		expect(t, 400, "Unsupported content type for this kind of upload")
	c.do("POST", "/api/v1/uploads", map[string]any{"kind": "song", "contentType": "audio/mpeg", "size": 10}).
		expect(t, 400, `Invalid option: expected one of "video"|"thumbnail"|"avatar"`)
}

// TestUploadTargetSizeIsAWholeNumberInRange keeps sizes that no int64 holds,
// or that are not whole bytes, from being converted into another size.
func TestUploadTargetSizeIsAWholeNumberInRange(t *testing.T) {
	t.Parallel()
	c := newEnv(t, nil).member("ada")
	for _, tc := range []struct{ size, message string }{
		{"1e300", "Too big: expected number to be <=9007199254740991"},
		{"9007199254740993", "Too big: expected number to be <=9007199254740991"},
		{"-1e300", "Too small: expected number to be >=1"},
		{"100.5", "Invalid input: expected int, received number"},
		{`"1e400"`, "Invalid input: expected number, received number"},
	} {
		r := c.do("POST", "/api/v1/uploads", `{"kind":"video","contentType":"video/mp4","size":`+tc.size+`}`)
		expectFieldError(t, r, "size", tc.message)
	}
	// A large but exact size reaches the size rule of its kind.
	c.do("POST", "/api/v1/uploads", `{"kind":"video","contentType":"video/mp4","size":9007199254740991}`).
		expect(t, 413, "Video file exceeds 100MB size limit")
	c.do("POST", "/api/v1/uploads", `{"kind":"video","contentType":"video/mp4","size":1e3}`).expect(t, 201, "Upload target created")
}
