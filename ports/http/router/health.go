package router

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/stagecast/stagecast/ports/http/web"
)

// memoryUsage keeps the field names of the reference's memoryUsage (Node's
// process.memoryUsage()); see readMemory for what each holds in Go.
type memoryUsage struct {
	RSS          uint64 `json:"rss"`
	HeapTotal    uint64 `json:"heapTotal"`
	HeapUsed     uint64 `json:"heapUsed"`
	External     uint64 `json:"external"`
	ArrayBuffers uint64 `json:"arrayBuffers"`
}

// healthData is the data of a /health answer.
type healthData struct {
	Status    string            `json:"status"`
	Timestamp json.RawMessage   `json:"timestamp"`
	Services  map[string]string `json:"services"`
	System    struct {
		Uptime      json.RawMessage `json:"uptime"`
		MemoryUsage memoryUsage     `json:"memoryUsage"`
	} `json:"system"`
}

// health answers 200 when the database answers and 503 when it does not.
// Other services are reported but do not fail the check: the API still
// serves without them. What it reports of the dependencies and of memory
// comes from the prober, at most a period old; the timestamp and the
// uptime are the request's own.
func health(p *prober, started time.Time, now func() time.Time, log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rep, err := p.report(r.Context())
		if err != nil {
			// The client left while waiting for the probe, which goes on
			// for the callers that stay.
			web.Error(w, r, log, err)
			return
		}
		at := now()
		rep.answer.write(w, at, at.Sub(started))
	}
}

// The answer of a probe is encoded with these in place of the timestamp
// and the uptime, and cut at them; each request puts in its own.
var (
	timestampMark = json.RawMessage(`"\u0000timestamp"`)
	uptimeMark    = json.RawMessage(`"\u0000uptime"`)
)

// healthAnswer is the /health answer of one probe, encoded once for every
// request of its period and cut where the request's own figures go: the
// encoding of the whole answer for each request would cost more than the
// rest of /health.
type healthAnswer struct {
	status             int
	head, middle, tail []byte
}

// newHealthAnswer encodes the answer for the outcome of each service and
// the memory figures.
func newHealthAnswer(services map[string]string, memory memoryUsage) healthAnswer {
	d := healthData{Status: "OK", Timestamp: timestampMark, Services: services}
	d.System.Uptime = uptimeMark
	d.System.MemoryUsage = memory
	status, msg := http.StatusOK, "Health check passed"
	if services["database"] != "connected" {
		status, msg, d.Status = http.StatusServiceUnavailable, "Health check failed", "ERROR"
	}
	body, err := web.EncodeEnvelope(status, msg, d)
	head, rest, found := bytes.Cut(body, timestampMark)
	middle, tail, found2 := bytes.Cut(rest, uptimeMark)
	if err != nil || !found || !found2 {
		// Strings, numbers and the marks always encode, and as they are.
		panic("health: the answer does not encode as expected")
	}
	return healthAnswer{status: status, head: head, middle: middle, tail: tail}
}

// write answers with the request's timestamp and uptime.
func (a *healthAnswer) write(w http.ResponseWriter, at time.Time, uptime time.Duration) {
	ts, _ := web.Time(at).MarshalJSON() // never fails
	b := make([]byte, 0, len(a.head)+len(ts)+len(a.middle)+24+len(a.tail))
	b = append(b, a.head...)
	b = append(b, ts...)
	b = append(b, a.middle...)
	b = strconv.AppendFloat(b, uptime.Seconds(), 'f', -1, 64)
	b = append(b, a.tail...)
	web.WriteJSONBody(w, a.status, b)
}
