package router_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/router"
	"github.com/stagecast/stagecast/ports/http/web"
)

// classicErrors is a surface's own error body, such as the classic
// surface's {"error": ...}.
func classicErrors(message string, _ []web.FieldError) any {
	return map[string]string{"error": message}
}

// Every error under a surface's prefix, from the shared middleware as from
// the surface, has that surface's body; paths outside every surface keep
// the default.
func TestErrorsTakeTheBodyOfTheirSurface(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	classic := chi.NewRouter()
	classic.NotFound(web.NotFound)
	classic.Get("/boom", func(http.ResponseWriter, *http.Request) { panic("boom") })
	classic.Get("/fine", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := router.New(router.Options{
		Log:        log,
		APILimiter: mid.NewLimiter(2, time.Minute, nil, log),
		Surfaces: []router.Surface{
			{Prefix: "/api/v1", Handler: http.NotFoundHandler(), Errors: web.V1Errors},
			{Prefix: "/api/classic", Handler: classic, Errors: classicErrors},
		},
		Database: func(context.Context) error { return nil },
	})
	get := func(path, ip string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		req.RemoteAddr = ip + ":1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, tc := range []struct {
		path, ip string
		status   int
		body     string
	}{
		{"/api/classic/nope", "192.0.2.1", 404, `{"error":"Route not found"}`},
		{"/API/Classic/boom", "192.0.2.2", 500, `{"error":"Internal server error"}`},
		{"/nope", "192.0.2.3", 404, `{"success":false,"message":"Route not found"}`},
		{"/api/classicx", "192.0.2.4", 404, `{"success":false,"message":"Route not found"}`},
	} {
		if rec := get(tc.path, tc.ip); rec.Code != tc.status || rec.Body.String() != tc.body {
			t.Errorf("GET %s: %d %s, want %d %s", tc.path, rec.Code, rec.Body, tc.status, tc.body)
		}
	}
	for range 2 {
		get("/api/classic/fine", "198.51.100.1")
	}
	if rec := get("/api/classic/fine", "198.51.100.1"); rec.Code != 429 || rec.Body.String() != `{"error":"Too many requests, please try again later."}` {
		t.Errorf("the rate limit's answer: %d %s", rec.Code, rec.Body)
	}
}
