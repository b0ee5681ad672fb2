package v1_test

import (
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
			req := httptest.NewRequest("GET", "/api/v1/auth/me", nil)
			req.RemoteAddr = "192.0.2.1:1"
			req.AddCookie(&http.Cookie{Name: "accessToken", Value: token})
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
	e.signup("ada")
	c := e.login("ada")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/api/v1/auth/refresh-token", nil)
		req.RemoteAddr = "192.0.2.1:1"
		req.AddCookie(&http.Cookie{Name: "refreshToken", Value: c.cookies["refreshToken"]})
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
