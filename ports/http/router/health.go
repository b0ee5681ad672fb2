package router

import (
	"context"
	"net/http"
	"runtime"
	"time"

	"github.com/stagecast/stagecast/ports/http/web"
)

// Check probes one dependency; nil means healthy.
type Check func(ctx context.Context) error

// healthTimeout bounds each probe, so a hung dependency cannot hang /health.
const healthTimeout = 2 * time.Second

type memoryUsage struct {
	RSS          uint64 `json:"rss"`
	HeapTotal    uint64 `json:"heapTotal"`
	HeapUsed     uint64 `json:"heapUsed"`
	External     uint64 `json:"external"`
	ArrayBuffers uint64 `json:"arrayBuffers"`
}

type healthData struct {
	Status    string            `json:"status"`
	Timestamp web.Time          `json:"timestamp"`
	Services  map[string]string `json:"services"`
	System    struct {
		Uptime      float64     `json:"uptime"`
		MemoryUsage memoryUsage `json:"memoryUsage"`
	} `json:"system"`
}

// health answers 200 when the database answers and 503 when it does not.
// Other services are reported but do not fail the check: the API still
// serves without them.
func health(database Check, others map[string]Check, started time.Time, now func() time.Time) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d := healthData{Status: "OK", Timestamp: web.Time(now()), Services: map[string]string{}}
		d.Services["database"] = probe(r.Context(), database, "connected", "disconnected")
		for name, c := range others {
			d.Services[name] = probe(r.Context(), c, "connected", "degraded")
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		d.System.Uptime = now().Sub(started).Seconds()
		d.System.MemoryUsage = memoryUsage{RSS: m.Sys, HeapTotal: m.HeapSys, HeapUsed: m.HeapAlloc, External: m.StackSys}

		status, msg := http.StatusOK, "Health check passed"
		if d.Services["database"] != "connected" {
			status, msg, d.Status = http.StatusServiceUnavailable, "Health check failed", "ERROR"
		}
		web.Respond(w, status, msg, d)
	}
}

func probe(ctx context.Context, c Check, ok, bad string) string {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	if c(ctx) != nil {
		return bad
	}
	return ok
}
