package wiring_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stagecast/stagecast/app"
	"github.com/stagecast/stagecast/app/apptest"
	"github.com/stagecast/stagecast/ports/http/web"
	"github.com/stagecast/stagecast/wiring"
)

// TestLogsCarryTheRequestID checks that what the use cases log while
// serving a request carries the request's id, as the access log line
// does, once.
func TestLogsCarryTheRequestID(t *testing.T) {
	t.Parallel()
	var out apptest.SyncBuffer
	log := slog.New(slog.NewJSONHandler(&out, nil))
	sys := build(t, testConfig(t, nil), log, wiring.Overrides{Mailer: failingMailer{}})

	r := httptest.NewRequest(http.MethodPost, "/api/v1/auth/register",
		strings.NewReader(`{"name":"Ada","email":"ada@example.com","username":"ada","password":"Secret123"}`))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	sys.Handler.ServeHTTP(w, r)
	id := w.Header().Get(web.RequestIDHeader)
	if id == "" {
		t.Fatal("no request id")
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		msg := fmt.Sprint(rec["msg"])
		if rec["request_id"] != id || bytes.Count(sc.Bytes(), []byte(`"request_id"`)) != 1 {
			t.Errorf("record %q does not carry the request id once: %s", msg, sc.Bytes())
		}
		seen[msg] = true
	}
	for _, msg := range []string{"verification mail failed", "http request"} {
		if !seen[msg] {
			t.Errorf("no %q record in:\n%s", msg, out.String())
		}
	}
}

// failingMailer fails every mail, which the use case logs.
type failingMailer struct{}

func (failingMailer) Send(context.Context, app.Message) error {
	return errors.New("smtp: connection refused")
}

// TestClientCancellationIsNoServerError checks, on a SQL store, that a
// request whose client went away before its store call is logged as such
// (status 499 at INFO in the access log, no ERROR record), while a
// deadline that ran out in the server is still a logged 500.
func TestClientCancellationIsNoServerError(t *testing.T) {
	t.Parallel()
	var out apptest.SyncBuffer
	log := slog.New(slog.NewJSONHandler(&out, nil))
	cfg := testConfig(t, map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "stagecast.db")})
	sys := build(t, cfg, log, wiring.Overrides{})
	// serve serves a request with ctx and returns its access log record
	// and what it logged.
	serve := func(ctx context.Context) (map[string]any, string) {
		t.Helper()
		before := len(out.String())
		r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/v1/auth/check-username?username=ada", nil)
		sys.Handler.ServeHTTP(httptest.NewRecorder(), r)
		logged := out.String()[before:]
		var access map[string]any
		sc := bufio.NewScanner(strings.NewReader(logged))
		for sc.Scan() {
			var rec map[string]any
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatal(err)
			}
			if rec["msg"] == "http request" {
				access = rec
			} else if rec["level"] == "ERROR" && ctx.Err() == context.Canceled {
				t.Errorf("a client's cancellation logged %s", sc.Bytes())
			}
		}
		if access == nil {
			t.Fatalf("no access log in:\n%s", logged)
		}
		return access, logged
	}

	gone, hangUp := context.WithCancel(t.Context())
	hangUp()
	if rec, logged := serve(gone); rec["status"] != float64(web.StatusClientClosedRequest) || rec["level"] != "INFO" {
		t.Errorf("client gone: access log %v; log:\n%s", rec, logged)
	}
	late, cancel := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
	defer cancel()
	if rec, logged := serve(late); rec["status"] != float64(http.StatusInternalServerError) || rec["level"] != "ERROR" ||
		!strings.Contains(logged, `"msg":"request failed"`) {
		t.Errorf("deadline: access log %v; log:\n%s", rec, logged)
	}
}
