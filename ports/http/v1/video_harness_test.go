package v1_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// fixture reads a file of testdata/media.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "media", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// part is one part of a multipart form: a file when filename is set.
type part struct {
	field, filename string
	data            []byte
}

func file(field, filename string, data []byte) part { return part{field, filename, data} }

func text(field, value string) part { return part{field: field, data: []byte(value)} }

// form encodes parts as multipart/form-data.
func form(t testing.TB, parts ...part) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.filename != "" {
			w, err = mw.CreateFormFile(p.field, p.filename)
		} else {
			w, err = mw.CreateFormField(p.field)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// send issues a request with a ready body and content type, checked
// against the API document like every other.
func (c *client) send(method, path string, body io.Reader, contentType string) *resp {
	c.e.t.Helper()
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = c.ip + ":4711"
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for n, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: n, Value: v})
	}
	rec := httptest.NewRecorder()
	c.e.handler.ServeHTTP(rec, req)
	c.e.check.CheckRecorder(c.e.t, req, rec)
	r := &resp{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes(), Cookies: map[string]*http.Cookie{}}
	if len(r.Raw) > 0 && json.Unmarshal(r.Raw, &r.Body) != nil {
		c.e.t.Fatalf("%s %s: body is not a JSON object: %.200s", method, path, r.Raw)
	}
	return r
}

// uploadVideo posts a video through the multipart route.
func (c *client) uploadVideo(t testing.TB, title, video, thumb string) *resp {
	t.Helper()
	body, ct := form(t, text("title", title), file("video", video, fixture(t, video)), file("thumbnail", thumb, fixture(t, thumb)))
	return c.send("POST", "/api/v1/video", body, ct)
}

// newVideo uploads a video and returns its id; published when asked.
func (c *client) newVideo(t testing.TB, title string, published bool) string {
	t.Helper()
	r := c.uploadVideo(t, title, "moov-first.mp4", "image.png").expect(t, 201, "Video uploaded successfully")
	vid := r.data()["_id"].(string)
	if published {
		c.do("PATCH", "/api/v1/video/publish-status/"+vid, nil).expect(t, 200, "Video is now published")
	}
	return vid
}

// mediaFiles lists the files under the env's media directory.
func (e *env) mediaFiles() []string {
	e.t.Helper()
	var out []string
	filepath.Walk(e.mediaDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(e.mediaDir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

// raw serves a request without the document check, for non-API paths such
// as /media.
func (e *env) raw(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return rec
}
