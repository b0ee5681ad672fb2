package router_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/router"
	"github.com/stagecast/stagecast/ports/http/web"
)

func newRouter(t *testing.T, v1 http.Handler, logs *bytes.Buffer) http.Handler {
	t.Helper()
	log := slog.New(slog.NewJSONHandler(logs, nil))
	return router.New(router.Options{
		Log: log, CORSOrigins: []string{"http://localhost:3000"},
		APILimiter: mid.NewLimiter(100, 60e9, nil, log),
		Surfaces:   []router.Surface{{Prefix: "/api/v1", Handler: v1, Errors: web.V1Errors}},
		Database:   func(context.Context) error { return nil },
	})
}

func TestPanicBecomesInternalError(t *testing.T) {
	var logs bytes.Buffer
	h := newRouter(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(errors.New("db password is hunter2"))
	}), &logs)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/anything", nil))
	if rec.Code != 500 || rec.Body.String() != `{"success":false,"message":"Internal server error"}` {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	rid := rec.Header().Get("X-Request-Id")
	if rid == "" || !strings.Contains(logs.String(), rid) || !strings.Contains(logs.String(), `"msg":"panic"`) {
		t.Fatalf("panic not logged with the request id %q:\n%s", rid, logs.String())
	}
	if strings.Contains(rec.Body.String(), "hunter2") {
		t.Fatal("panic text reached the client")
	}
}

func TestAccessLogLeavesOutQueryString(t *testing.T) {
	var logs bytes.Buffer
	h := newRouter(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }), &logs)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/x?token=secret-token", nil))
	if !strings.Contains(logs.String(), `"msg":"http request"`) || strings.Contains(logs.String(), "secret-token") {
		t.Fatalf("log:\n%s", logs.String())
	}
}
