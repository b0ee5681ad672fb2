package v1_test

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A direct-upload URL writes its object once, while the key awaits its
// upload: not after the key is claimed by a video, nor after the video and
// its file are deleted, nor after a refused upload was discarded, nor after
// it expires. The trash holds that state, so every store is checked.
func TestDirectUploadGrantIsSingleUse(t *testing.T) {
	forEachStore(t, nil, func(t *testing.T, e *env) {
		c := e.member("ada")
		mp4, png := fixture(t, "moov-first.mp4"), fixture(t, "image.png")
		grant := func(kind, ct string, size int) map[string]any {
			return c.do("POST", "/api/v1/uploads", map[string]any{"kind": kind, "contentType": ct, "size": size}).
				expect(t, 201, "Upload target created").data()
		}
		put := func(g map[string]any, data []byte) *httptest.ResponseRecorder {
			req := httptest.NewRequest("PUT", strings.TrimPrefix(g["url"].(string), "http://api.test"), bytes.NewReader(data))
			req.Header.Set("Content-Type", g["headers"].(map[string]any)["Content-Type"].(string))
			return e.raw(req)
		}
		expectPut := func(g map[string]any, data []byte, code int, body string) {
			t.Helper()
			rec := put(g, data)
			if rec.Code != code || !strings.Contains(rec.Body.String(), body) {
				t.Fatalf("PUT %s: %d %s, want %d %q", g["key"], rec.Code, rec.Body, code, body)
			}
		}
		stored := func(key string) []byte {
			b, err := os.ReadFile(filepath.Join(e.mediaDir, filepath.FromSlash(key)))
			if err != nil {
				return nil
			}
			return b
		}
		otherMP4 := fixture(t, "moov-last.mp4")

		gv, gt := grant("video", "video/mp4", len(otherMP4)), grant("thumbnail", "image/png", len(png))
		expectPut(gv, mp4, 200, `"success":true`)
		// Before the video is finalized, the URL cannot swap the bytes.
		expectPut(gv, otherMP4, 409, "already used")
		expectPut(gt, png, 200, `"success":true`)
		r := c.do("POST", "/api/v1/video", map[string]any{"title": "Direct", "videoKey": gv["key"], "thumbnailKey": gt["key"]}).
			expect(t, 201, "Video uploaded successfully")
		// Claimed: the checked bytes stay what they are.
		expectPut(gv, otherMP4, 403, "Invalid or expired upload URL")
		if !bytes.Equal(stored(gv["key"].(string)), mp4) {
			t.Fatal("the video's bytes changed after it was finalized")
		}
		// Deleted: the still unexpired URL cannot bring the file back.
		c.do("DELETE", "/api/v1/video/"+r.data()["_id"].(string), nil).expect(t, 200, "Video deleted successfully")
		expectPut(gv, mp4, 403, "Invalid or expired upload URL")
		expectPut(gt, png, 403, "Invalid or expired upload URL")
		if files := e.mediaFiles(); len(files) != 0 {
			t.Fatalf("files after the delete: %v", files)
		}

		// Refused by the checks and discarded: the URL is spent.
		bad, thumb := grant("video", "video/mp4", len(mp4)), grant("thumbnail", "image/png", len(png))
		expectPut(bad, fixture(t, "text-as.mp4"), 200, `"success":true`)
		expectPut(thumb, png, 200, `"success":true`)
		c.do("POST", "/api/v1/video", map[string]any{"title": "Bad", "videoKey": bad["key"], "thumbnailKey": thumb["key"]}).
			expect(t, 400, "Invalid video file type. Only MP4 or QuickTime allowed.")
		expectPut(bad, mp4, 403, "Invalid or expired upload URL")
		if stored(bad["key"].(string)) != nil {
			t.Fatal("a discarded upload was written again")
		}

		// Expired: refused, and nothing written.
		late := grant("avatar", "image/png", len(png))
		e.clock.Advance(2 * time.Hour)
		expectPut(late, png, 403, "Invalid or expired upload URL")
		if stored(late["key"].(string)) != nil {
			t.Fatal("an expired grant wrote its object")
		}
	})
}

// The key of an unpublished video is a capability: no answer to anyone but
// its owner carries it, even to a viewer who saw the video while it was
// published.
func TestUnpublishedVideoKeysStayWithTheOwner(t *testing.T) {
	e := newEnv(t, nil)
	ada, bob := e.member("ada"), e.member("bob")
	vid := ada.newVideo(t, "Secret", true)
	mine := ada.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully").data()
	var names []string
	for _, f := range []string{"videoFile", "thumbnail"} {
		key := mine[f].(map[string]any)["public_id"].(string)
		names = append(names, key[strings.LastIndexByte(key, '/')+1:])
	}
	bob.do("GET", "/api/v1/video/"+vid, nil).expect(t, 200, "Video fetched successfully")
	ada.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 200, "Video is now unpublished")
	adaID := ada.do("GET", "/api/v1/auth/me", nil).expect(t, 200, "User details fetched successfully").data()["_id"].(string)
	for _, path := range []string{
		"/api/v1/video/" + vid, "/api/v1/video", "/api/v1/video?userId=" + adaID, "/api/v1/video?query=Secret",
		"/api/v1/video?sortBy=title", "/api/v1/user/history", "/api/v1/video/me",
	} {
		r := bob.do("GET", path, nil)
		for _, name := range names {
			if strings.Contains(string(r.Raw), name) {
				t.Errorf("GET %s shows another user's unpublished key: %s", path, r.Raw)
			}
		}
	}
}
