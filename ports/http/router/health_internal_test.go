package router

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stagecast/stagecast/ports/http/web"
)

// TestHealthAnswerIsTheEnvelope checks that the answer put together from
// its encoded parts is, byte for byte, what web.Respond writes for the
// same data.
func TestHealthAnswerIsTheEnvelope(t *testing.T) {
	t.Parallel()
	type data struct {
		Status    string            `json:"status"`
		Timestamp web.Time          `json:"timestamp"`
		Services  map[string]string `json:"services"`
		System    struct {
			Uptime      float64     `json:"uptime"`
			MemoryUsage memoryUsage `json:"memoryUsage"`
		} `json:"system"`
	}
	at := time.Date(2026, 3, 1, 12, 1, 30, 250e6, time.UTC)
	mem := memoryUsage{RSS: 30 << 20, HeapTotal: 20 << 20, HeapUsed: 11 << 20, External: 1 << 19}
	for _, tc := range []struct {
		services      map[string]string
		status        int
		message, word string
		uptime        time.Duration
	}{
		{map[string]string{"database": "connected", "storage": "connected", "broker": "degraded"}, 200, "Health check passed", "OK", 90500 * time.Millisecond},
		{map[string]string{"database": "disconnected"}, 503, "Health check failed", "ERROR", 0},
	} {
		got := httptest.NewRecorder()
		a := newHealthAnswer(tc.services, mem)
		a.write(got, at, tc.uptime)

		d := data{Status: tc.word, Timestamp: web.Time(at), Services: tc.services}
		d.System.Uptime = tc.uptime.Seconds()
		d.System.MemoryUsage = mem
		want := httptest.NewRecorder()
		web.Respond(want, tc.status, tc.message, d)

		if got.Code != want.Code || got.Body.String() != want.Body.String() {
			t.Errorf("answer %d %s\nwant   %d %s", got.Code, got.Body, want.Code, want.Body)
		}
		for _, h := range []string{"Content-Type", "Cache-Control"} {
			if got.Header().Get(h) != want.Header().Get(h) {
				t.Errorf("%s: %q, want %q", h, got.Header().Get(h), want.Header().Get(h))
			}
		}
	}
}
