package router_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/router"
	"github.com/stagecast/stagecast/ports/http/web"
)

// logRecord is one JSON log line.
type logRecord map[string]any

// records parses the JSON log lines in out.
func records(t *testing.T, out string) []logRecord {
	t.Helper()
	var recs []logRecord
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var rec logRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%v: %s", err, sc.Bytes())
		}
		recs = append(recs, rec)
	}
	return recs
}

// storeCall stands for a repository call: it answers when ctx ends, with
// the error a store returns then, wrapped as the core wraps it.
func storeCall(ctx context.Context, started chan<- struct{}) error {
	if started != nil {
		close(started)
	}
	<-ctx.Done()
	return errs.Wrap(fmt.Errorf("videos: find: %w", ctx.Err()), "loading the video")
}

// surfaceHandler serves a surface that logs with log; its store call
// closes started when it starts (for the client to hang up then).
type surfaceHandler func(log *slog.Logger, started chan<- struct{}) http.HandlerFunc

// answersError is a surface handler that answers the error of its store
// call, as every handler of /api/v1 does.
func answersError(log *slog.Logger, started chan<- struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		web.Error(w, r, log, storeCall(r.Context(), started))
	}
}

// TestClientCancellation checks how a request whose store call ends with a
// context error is answered and logged: a client that hung up is no
// server error (499 in the access log, at INFO, and no ERROR record),
// while a deadline or a cancellation inside the server still is.
func TestClientCancellation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		handler surfaceHandler
		status  int    // in the access log
		level   string // of the access log record
		failed  bool   // whether a "request failed" ERROR record is logged
	}{{
		name: "the client hangs up during a store call", handler: answersError,
		status: web.StatusClientClosedRequest, level: "INFO",
	}, {
		name: "the handler gives up without answering",
		handler: func(_ *slog.Logger, started chan<- struct{}) http.HandlerFunc {
			return func(_ http.ResponseWriter, r *http.Request) { _ = storeCall(r.Context(), started) }
		},
		status: web.StatusClientClosedRequest, level: "INFO",
	}, {
		name: "a store call times out in the server",
		handler: func(log *slog.Logger, _ chan<- struct{}) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				ctx, cancel := context.WithTimeout(r.Context(), time.Millisecond)
				defer cancel()
				web.Error(w, r, log, storeCall(ctx, nil))
			}
		},
		status: http.StatusInternalServerError, level: "ERROR", failed: true,
	}, {
		name: "the server cancels a store call",
		handler: func(log *slog.Logger, _ chan<- struct{}) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				ctx, cancel := context.WithCancel(r.Context())
				cancel()
				web.Error(w, r, log, storeCall(ctx, nil))
			}
		},
		status: http.StatusInternalServerError, level: "ERROR", failed: true,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out apptest.SyncBuffer
			log := slog.New(slog.NewJSONHandler(&out, nil))
			started := make(chan struct{})
			h := router.New(router.Options{
				Log:        log,
				APILimiter: mid.NewLimiter(100, time.Minute, nil, log),
				Surfaces:   []router.Surface{{Prefix: "/api/v1", Handler: tc.handler(log, started), Errors: web.V1Errors}},
				Database:   func(context.Context) error { return nil },
			})
			ctx, hangUp := context.WithCancel(t.Context())
			defer hangUp()
			go func() {
				select {
				case <-started:
					hangUp() // the client closes the connection
				case <-ctx.Done():
				}
			}()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/v1/video/0123456789abcdef01234567", nil))

			var access logRecord
			failed := false
			for _, r := range records(t, out.String()) {
				switch r["msg"] {
				case "http request":
					access = r
				case "request failed":
					failed = true
				default:
					if r["level"] == "ERROR" {
						t.Errorf("unexpected ERROR record %v", r)
					}
				}
			}
			if access == nil || access["status"] != float64(tc.status) || access["level"] != tc.level {
				t.Fatalf("access log %v, want status %d at %s; log:\n%s", access, tc.status, tc.level, out.String())
			}
			if gone := tc.status == web.StatusClientClosedRequest; gone != (access["outcome"] == mid.ClientClosedRequest) {
				t.Errorf("access log outcome %v", access["outcome"])
			}
			if failed != tc.failed {
				t.Errorf("request failed logged: %v, want %v; log:\n%s", failed, tc.failed, out.String())
			}
		})
	}
}
