package mid

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/slogtest"

	"github.com/stagecast/stagecast/ports/http/web"
)

// logged runs one request through web.WithRequestID to a handler that
// logs with log, and returns the request's id and the record.
func logged(t *testing.T, do func(ctx context.Context, log *slog.Logger)) (string, map[string]any) {
	t.Helper()
	var out bytes.Buffer
	log := slog.New(WithRequestIDs(slog.NewJSONHandler(&out, nil)))
	w := httptest.NewRecorder()
	web.WithRequestID(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		do(r.Context(), log)
	})).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	var rec map[string]any
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
		t.Fatalf("%v: %s", err, out.Bytes())
	}
	return w.Header().Get(web.RequestIDHeader), rec
}

// TestRequestIDInLogs checks that a record logged with a request's context
// carries the request's id at the top level, groups or not, and that one
// logged without a request carries none.
func TestRequestIDInLogs(t *testing.T) {
	t.Parallel()
	t.Run("with a request", func(t *testing.T) {
		t.Parallel()
		id, rec := logged(t, func(ctx context.Context, log *slog.Logger) {
			log.With("user_id", "u1").WarnContext(ctx, "refresh token reuse")
		})
		if id == "" || rec[RequestIDKey] != id || rec["user_id"] != "u1" {
			t.Fatalf("id %q, record %v", id, rec)
		}
	})
	t.Run("in a group", func(t *testing.T) {
		t.Parallel()
		id, rec := logged(t, func(ctx context.Context, log *slog.Logger) {
			log.With("a", 1).WithGroup("video").With("id", "v1").WithGroup("").InfoContext(ctx, "stored", "bytes", 5)
		})
		group, _ := rec["video"].(map[string]any)
		if rec[RequestIDKey] != id || rec["a"] != 1.0 || group["id"] != "v1" || group["bytes"] != 5.0 || group[RequestIDKey] != nil {
			t.Fatalf("id %q, record %v", id, rec)
		}
	})
	t.Run("without a request", func(t *testing.T) {
		t.Parallel()
		var out bytes.Buffer
		slog.New(WithRequestIDs(slog.NewJSONHandler(&out, nil))).WarnContext(context.Background(), "sweeping media trash")
		var rec map[string]any
		if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if _, ok := rec[RequestIDKey]; ok || rec["msg"] != "sweeping media trash" {
			t.Fatalf("record %v", rec)
		}
	})
	t.Run("wrapped twice", func(t *testing.T) {
		t.Parallel()
		h := WithRequestIDs(slog.DiscardHandler)
		if WithRequestIDs(h) != h {
			t.Fatal("a second wrapper would add the id twice")
		}
	})
}

// TestRequestIDHandlerIsAHandler runs the standard library's conformance
// tests for slog handlers on the wrapper.
func TestRequestIDHandlerIsAHandler(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	h := WithRequestIDs(slog.NewJSONHandler(&out, nil))
	results := func() []map[string]any {
		var ms []map[string]any
		for _, line := range bytes.Split(out.Bytes(), []byte{'\n'}) {
			if len(line) == 0 {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatal(err)
			}
			ms = append(ms, m)
		}
		return ms
	}
	if err := slogtest.TestHandler(h, results); err != nil {
		t.Fatal(err)
	}
}
