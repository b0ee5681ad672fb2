package v1_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"net/textproto"
	"runtime"
	"strings"
	"testing"
)

// TestMultipartFormLimits refuses forms that would hold text in memory
// past the form's bounds, whatever their shape.
func TestMultipartFormLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	c := e.member("ada")
	mp4, png := fixture(t, "moov-first.mp4"), fixture(t, "image.png")
	many := func(n int, size int) []part {
		var ps []part
		for i := range n {
			ps = append(ps, text(fmt.Sprintf("f%d", i), strings.Repeat("x", size)))
		}
		return ps
	}
	cases := []struct {
		name    string
		parts   []part
		status  int
		message string
	}{
		{"repeated title", []part{text("title", "a"), text("title", "b"), file("video", "v.mp4", mp4), file("thumbnail", "t.png", png)},
			400, "Invalid input: expected string, received array"},
		{"repeated unknown field", []part{text("x", "a"), text("x", "b"), text("title", "ok")}, 400, "Invalid input: expected string, received array"},
		{"21 parts", append(many(19, 1), file("video", "v.mp4", mp4), file("thumbnail", "t.png", png)), 400, "Too many parts"},
		{"20 parts", append(append(many(17, 1), text("title", "ok")), file("video", "v.mp4", mp4), file("thumbnail", "t.png", png)),
			201, "Video uploaded successfully"},
		{"64 KB of text beside a title", []part{text("title", "a"), text("description", strings.Repeat("x", 64<<10))}, 413, "Field value too long"},
		{"texts over 64 KB together", many(3, 30<<10), 413, "Field value too long"},
		{"texts of 64 KB together", append(many(2, 32<<10-4), text("title", "ok"), file("video", "v.mp4", mp4), file("thumbnail", "t.png", png)),
			201, "Video uploaded successfully"},
	}
	// The forms run in parallel; the group ends when all of them have.
	t.Run("forms", func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				body, ct := form(t, tc.parts...)
				r := c.send("POST", "/api/v1/video", body, ct).expect(t, tc.status, tc.message)
				if tc.status == 400 && strings.HasPrefix(tc.message, "Invalid input") {
					if list, _ := r.Body["errors"].([]any); len(list) != 1 {
						t.Fatalf("errors %v", r.Body["errors"])
					}
				}
			})
		}
	})
	if files := e.mediaFiles(); len(files) != 4 { // the two videos created above
		t.Fatalf("files %v", files)
	}
}

// TestMultipartPartHeadersAreBounded refuses a part whose headers, not its
// value, carry the bulk: they count against the 1 MB a form may carry
// besides its files.
func TestMultipartPartHeadersAreBounded(t *testing.T) {
	t.Parallel()
	c := newEnv(t, nil).member("ada")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="title"`)
	for i := range 64 {
		h.Set(fmt.Sprintf("X-Pad-%d", i), strings.Repeat("p", 32<<10))
	}
	w, err := mw.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "ok")
	mw.Close()
	c.send("POST", "/api/v1/video", &buf, mw.FormDataContentType()).expect(t, 413, "request entity too large")
}

// TestMultipartRepeatedFieldMemory streams 100 MB of one repeated text
// field: the answer comes after the second copy, and the server keeps
// none of the rest.
func TestMultipartRepeatedFieldMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams up to 100 MB")
	}
	e := newEnv(t, nil)
	c := e.member("ada")
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		value := bytes.Repeat([]byte("x"), 10<<10)
		var err error
		for i := 0; i < 10_000 && err == nil; i++ {
			var w io.Writer
			if w, err = mw.CreateFormField("title"); err == nil {
				_, err = w.Write(value)
			}
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	defer pr.Close() // stops the writer once the server has answered

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	req := httptest.NewRequest("POST", "/api/v1/video", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(cookie("accessToken", c.cookies["accessToken"]))
	rec := e.raw(req)
	runtime.ReadMemStats(&after)

	e.check.CheckRecorder(t, req, rec)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "expected string, received array") {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc >= 4<<20 {
		t.Fatalf("allocated %d bytes for a refused form, want < 4 MiB", alloc)
	}
}
