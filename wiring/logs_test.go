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
	"strings"
	"testing"

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
