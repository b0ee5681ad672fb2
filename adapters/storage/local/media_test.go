package local_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/adapters/storage/storagetest"
)

// serve sends one request through a handler chain like the API's, whose
// middleware sets Cross-Origin-Resource-Policy: same-origin first.
func serve(h http.Handler, method, target string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	rec.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
	h.ServeHTTP(rec, req)
	return rec
}

func (f *fixture) put(t *testing.T, key string, size int64) []byte {
	t.Helper()
	if _, err := f.store.Put(context.Background(), key, "", storagetest.NewPattern(1, size), size); err != nil {
		t.Fatal(err)
	}
	return storagetest.PatternBytes(1, size)
}

func expectJSON(t *testing.T, rec *httptest.ResponseRecorder, status int, message string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d (%s)", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON", ct)
	}
	var body struct {
		Success *bool  `json:"success"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Success == nil || *body.Success || body.Message != message {
		t.Fatalf("body %s, want success false and message %q", rec.Body, message)
	}
}

func TestMediaHeadersAndTypes(t *testing.T) {
	f := newFixture(t)
	h := f.store.MediaHandler()
	for key, ct := range map[string]string{
		"videos/u1/a.mp4":     "video/mp4",
		"videos/u1/b.mov":     "video/quicktime",
		"thumbnails/u1/c.jpg": "image/jpeg",
		"avatars/u1/d.png":    "image/png",
		"avatars/u1/e.webp":   "image/webp",
		"avatars/u1/f.bin":    "application/octet-stream",
	} {
		data := f.put(t, key, 1000)
		rec := serve(h, "GET", "/media/"+key, nil)
		if rec.Code != 200 || rec.Body.String() != string(data) {
			t.Fatalf("GET %s: %d, %d bytes", key, rec.Code, rec.Body.Len())
		}
		hd := rec.Header()
		want := map[string]string{
			"Content-Type":                 ct,
			"Content-Length":               "1000",
			"Accept-Ranges":                "bytes",
			"Cache-Control":                "public, max-age=31536000, immutable",
			"Cross-Origin-Resource-Policy": "cross-origin",
			"X-Content-Type-Options":       "nosniff",
		}
		for k, v := range want {
			if got := hd.Get(k); got != v {
				t.Errorf("GET %s: %s = %q, want %q", key, k, got, v)
			}
		}
		if et := hd.Get("ETag"); !strings.HasPrefix(et, `"`) || len(et) < 10 {
			t.Errorf("GET %s: ETag %q is not a strong validator", key, et)
		}
		if hd.Get("Last-Modified") == "" {
			t.Errorf("GET %s: no Last-Modified", key)
		}
		if hd.Values("Cross-Origin-Resource-Policy")[0] != "cross-origin" || len(hd.Values("Cross-Origin-Resource-Policy")) != 1 {
			t.Errorf("CORP not replaced: %v", hd.Values("Cross-Origin-Resource-Policy"))
		}
	}
	head := serve(h, "HEAD", "/media/videos/u1/a.mp4", nil)
	if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("Content-Length") != "1000" {
		t.Fatalf("HEAD: %d, body %d, length %q", head.Code, head.Body.Len(), head.Header().Get("Content-Length"))
	}
}

func TestMediaRanges(t *testing.T) {
	f := newFixture(t)
	data := f.put(t, "videos/u1/a.mp4", 1000)
	h := f.store.MediaHandler()
	for _, c := range []struct {
		rng, contentRange string
		from, to          int
	}{
		{"bytes=0-99", "bytes 0-99/1000", 0, 100},
		{"bytes=900-", "bytes 900-999/1000", 900, 1000},
		{"bytes=-100", "bytes 900-999/1000", 900, 1000},
		{"bytes=990-2000", "bytes 990-999/1000", 990, 1000},
	} {
		rec := serve(h, "GET", "/media/videos/u1/a.mp4", http.Header{"Range": {c.rng}})
		if rec.Code != http.StatusPartialContent {
			t.Fatalf("%s: status %d", c.rng, rec.Code)
		}
		if got := rec.Header().Get("Content-Range"); got != c.contentRange {
			t.Errorf("%s: Content-Range %q, want %q", c.rng, got, c.contentRange)
		}
		if rec.Body.String() != string(data[c.from:c.to]) {
			t.Errorf("%s: wrong bytes", c.rng)
		}
		if rec.Header().Get("Cross-Origin-Resource-Policy") != "cross-origin" {
			t.Errorf("%s: CORP missing on 206", c.rng)
		}
	}
}

// TestMediaRangeErrorsAreJSON covers every range that cannot be served:
// each is the API's JSON error, with the size in Content-Range and none
// of the caching of media.
func TestMediaRangeErrorsAreJSON(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.put(t, "videos/u1/a.mp4", 1000)
	h := f.store.MediaHandler()
	many := func(n int) string {
		specs := make([]string, n)
		for i := range specs {
			specs[i] = fmt.Sprintf("%d-%d", i*10, i*10+1)
		}
		return "bytes=" + strings.Join(specs, ",")
	}
	for _, rng := range []string{"bytes=1000-", "bytes=5000-6000", "bytes=9-1", "bytes=x-y", "bytes=-0", "bytes=0-1,-00", many(17), many(200)} {
		for _, method := range []string{"GET", "HEAD"} {
			rec := serve(h, method, "/media/videos/u1/a.mp4", http.Header{"Range": {rng}})
			if rec.Code != http.StatusRequestedRangeNotSatisfiable || rec.Header().Get("Content-Range") != "bytes */1000" {
				t.Fatalf("%s %.40s: %d %q", method, rng, rec.Code, rec.Header().Get("Content-Range"))
			}
			for k, v := range map[string]string{"Cache-Control": "no-store", "ETag": "", "Last-Modified": ""} {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s %.40s: %s %q, want %q", method, rng, k, got, v)
				}
			}
			if method == "GET" {
				expectJSON(t, rec, http.StatusRequestedRangeNotSatisfiable, "Range Not Satisfiable")
			}
		}
	}
	// Up to 16 ranges are served, and empty entries do not count.
	for _, rng := range []string{many(16), "bytes=0-1,,,,,,,,,,,,,,,,,,,,,,2-3", "bytes=0-1, 5-6"} {
		rec := serve(h, "GET", "/media/videos/u1/a.mp4", http.Header{"Range": {rng}})
		if rec.Code != http.StatusPartialContent || !strings.HasPrefix(rec.Header().Get("Content-Type"), "multipart/byteranges") {
			t.Fatalf("%.40s: %d %q", rng, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
}

func TestMediaConditional(t *testing.T) {
	f := newFixture(t)
	f.put(t, "videos/u1/a.mp4", 1000)
	h := f.store.MediaHandler()
	first := serve(h, "GET", "/media/videos/u1/a.mp4", nil)
	etag, lastMod := first.Header().Get("ETag"), first.Header().Get("Last-Modified")

	rec := serve(h, "GET", "/media/videos/u1/a.mp4", http.Header{"If-None-Match": {etag}})
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag {
		t.Fatalf("If-None-Match: %d, ETag %q", rec.Code, rec.Header().Get("ETag"))
	}
	rec = serve(h, "GET", "/media/videos/u1/a.mp4", http.Header{"If-Modified-Since": {lastMod}})
	if rec.Code != http.StatusNotModified {
		t.Fatalf("If-Modified-Since: %d", rec.Code)
	}
	rec = serve(h, "GET", "/media/videos/u1/a.mp4", http.Header{"If-None-Match": {`"other"`}})
	if rec.Code != http.StatusOK {
		t.Fatalf("non-matching If-None-Match: %d", rec.Code)
	}
	// If-Range with the current ETag honours the range; a stale one gets
	// the whole file, as a player resuming a replaced file must.
	rec = serve(h, "GET", "/media/videos/u1/a.mp4", http.Header{"Range": {"bytes=0-9"}, "If-Range": {etag}})
	if rec.Code != http.StatusPartialContent {
		t.Fatalf("If-Range current: %d", rec.Code)
	}
	rec = serve(h, "GET", "/media/videos/u1/a.mp4", http.Header{"Range": {"bytes=0-9"}, "If-Range": {`"stale"`}})
	if rec.Code != http.StatusOK || rec.Body.Len() != 1000 {
		t.Fatalf("If-Range stale: %d", rec.Code)
	}

	// A failed precondition is JSON like every other error.
	for _, hd := range []http.Header{{"If-Match": {`"other"`}}, {"If-Unmodified-Since": {"Mon, 01 Jan 2001 00:00:00 GMT"}}} {
		rec = serve(h, "GET", "/media/videos/u1/a.mp4", hd)
		expectJSON(t, rec, http.StatusPreconditionFailed, "Precondition Failed")
	}

	// Another object of the same size has another ETag.
	f.put(t, "videos/u1/b.mp4", 1000)
	if other := serve(h, "GET", "/media/videos/u1/b.mp4", nil).Header().Get("ETag"); other == etag {
		t.Fatal("two objects share an ETag")
	}
}

func TestMediaNotFound(t *testing.T) {
	f := newFixture(t)
	f.put(t, "videos/u1/a.mp4", 10)
	h := f.store.MediaHandler()
	for _, p := range []string{
		"/media/videos/u1/missing.mp4",
		"/media/videos/u1",
		"/media/videos/u1/",
		"/media/videos",
		"/media/",
		"/media/../local.go",
		"/media/videos/u1/a.mp4/x",
		"/media/videos/u1/.upload-x.tmp",
		"/media/Videos/u1/a.mp4",
		"/media/videos//u1/a.mp4",
	} {
		rec := serve(h, "GET", p, nil)
		expectJSON(t, rec, http.StatusNotFound, "Route not found")
		if rec.Body.String() != `{"success":false,"message":"Route not found"}`+"\n" {
			t.Errorf("GET %s: body %q", p, rec.Body)
		}
	}
	rec := serve(h, "POST", "/media/videos/u1/a.mp4", nil)
	expectJSON(t, rec, http.StatusMethodNotAllowed, "Method not allowed")
	if rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("Allow %q", rec.Header().Get("Allow"))
	}
}

func TestMediaUnderStripPrefix(t *testing.T) {
	f := newFixture(t)
	data := f.put(t, "videos/u1/a.mp4", 10)
	rec := serve(http.StripPrefix("/media", f.store.MediaHandler()), "GET", "/media/videos/u1/a.mp4", nil)
	if rec.Code != 200 || rec.Body.String() != string(data) {
		t.Fatalf("under StripPrefix: %d", rec.Code)
	}
}

func TestMediaOverRealServer(t *testing.T) {
	f := newFixture(t)
	data := f.put(t, "videos/u1/a.mp4", 5000)
	req, _ := http.NewRequest("GET", f.store.URL("videos/u1/a.mp4"), nil)
	req.Header.Set("Range", "bytes=100-199")
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 206 || string(b) != string(data[100:200]) {
		t.Fatalf("ranged GET over HTTP: %d, %d bytes", resp.StatusCode, len(b))
	}
	if got, want := f.store.URL("videos/u1/a.mp4"), fmt.Sprintf("%s/media/videos/u1/a.mp4", f.srv.URL); got != want {
		t.Fatalf("URL = %q, want %q", got, want)
	}
}
