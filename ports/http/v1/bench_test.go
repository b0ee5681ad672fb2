package v1_test

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkAuthenticatedRequest measures GET /api/v1/auth/me through the
// whole wired stack (middleware, JWT check, session and user lookups) on the
// memory store.
func BenchmarkAuthenticatedRequest(b *testing.B) {
	e := newEnv(b, nil)
	e.signup("ada")
	token := e.login("ada").cookies["accessToken"]
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := benchRequest("GET", "/api/v1/auth/me", nil, "accessToken", token)
			rec := httptest.NewRecorder()
			e.handler.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

// BenchmarkRefresh measures a refresh-token rotation on the memory store.
func BenchmarkRefresh(b *testing.B) {
	e := newEnv(b, nil)
	c := e.member("ada")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := benchRequest("POST", "/api/v1/auth/refresh-token", nil, "refreshToken", c.cookies["refreshToken"])
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		for _, ck := range rec.Result().Cookies() {
			c.cookies[ck.Name] = ck.Value
		}
	}
}

// BenchmarkListVideos measures GET /api/v1/video (a page of 20 of 200
// published videos, with owners) on the memory store.
func BenchmarkListVideos(b *testing.B) {
	e := newEnv(b, nil)
	c := e.member("ada")
	for i := range 200 {
		c.newVideo(b, fmt.Sprintf("Video %03d", i), true)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := benchRequest("GET", "/api/v1/video?limit=20&page=3", nil, "accessToken", c.cookies["accessToken"])
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkUpload10MB measures a 10 MB multipart upload through the API
// into local storage; bytes/s is the streaming throughput.
func BenchmarkUpload10MB(b *testing.B) {
	e := newEnv(b, nil)
	c := e.member("ada")
	const size = 10 << 20
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			mw.WriteField("title", "Bench")
			w, _ := mw.CreateFormFile("thumbnail", "t.png")
			w.Write(fixture(b, "image.png"))
			w, _ = mw.CreateFormFile("video", "v.mp4")
			io.Copy(w, bigVideo(b, size))
			pw.CloseWithError(mw.Close())
		}()
		req := benchRequest("POST", "/api/v1/video", pr, "accessToken", c.cookies["accessToken"])
		req.Header.Set("Content-Type", mw.FormDataContentType())
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code != 201 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

// benchRequest builds a request from a fixed client address carrying one
// token cookie.
func benchRequest(method, path string, body io.Reader, cookieName, token string) *http.Request {
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = "192.0.2.1:1"
	req.AddCookie(&http.Cookie{Name: cookieName, Value: token})
	return req
}
