package mid

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/errs"
)

// Errors of bodies that arrive too slowly; both answer 408 and end the
// connection.
var (
	ErrBodyTimeout   = errs.New(errs.Timeout, "Request timeout")
	ErrUploadTooSlow = errs.New(errs.Timeout, "Upload too slow")
)

// longAgo is a read deadline that has passed: reads fail at once.
var longAgo = time.Unix(1, 0)

type bodyKey struct{}

// BodyDeadlines bounds the time a client may take to send a request body,
// with read deadlines on the connection (http.ResponseController reaches
// it through every wrapper that has Unwrap). Handlers choose the rule for
// their body with BodyWithin or BodyMinRate; without one a body may arrive
// at any pace while the handler reads it. Whatever the handler left unread
// is what net/http discards after it (up to 256 KB, to keep the connection):
// that discard must end within drain, or the connection is closed.
//
// A deadline is armed only while a body is being read: once a body is at
// its end, net/http reads the connection in the background to notice a
// client that goes away, and a deadline there would cancel the request's
// context under a handler still at work. So no deadline is ever set on a
// request without a body, and the deadline is cleared as soon as a body
// reaches its end.
func BodyDeadlines(drain time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body == nil || r.Body == http.NoBody {
				next.ServeHTTP(w, r)
				return
			}
			b := &body{rc: r.Body, ctl: http.NewResponseController(w), drain: drain}
			bw := &bodyWriter{ResponseWriter: w, body: b}
			r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, b))
			r.Body = b
			defer b.finish(bw.Header())
			next.ServeHTTP(bw, r)
		})
	}
}

// BodyWithin requires the rest of r's body to arrive within d; a read past
// that fails with ErrBodyTimeout. It does nothing to a request without a
// body or outside BodyDeadlines.
func BodyWithin(r *http.Request, d time.Duration) {
	if b, ok := r.Context().Value(bodyKey{}).(*body); ok {
		b.setRule(&withinRule{until: time.Now().Add(d)})
	}
}

// BodyMinRate requires r's body to arrive at rate bytes per second on
// average: each window of time spent waiting for the client must bring
// rate*window bytes, or the read fails with ErrUploadTooSlow. Only time
// spent waiting counts, not time the handler spends between reads (storing
// what it read), and a client may pause as long as it catches up within
// the window. It does nothing to a request without a body or outside
// BodyDeadlines.
func BodyMinRate(r *http.Request, rate int64, window time.Duration) {
	if b, ok := r.Context().Value(bodyKey{}).(*body); ok {
		quota := max(1, int64(float64(rate)*window.Seconds()))
		b.setRule(&rateRule{quota: quota, window: window})
	}
}

// UploadWindow is how long an upload body may stall: it must average
// uploads.MinUploadRate over each window of this length of waiting for it.
const UploadWindow = 30 * time.Second

// UploadPace applies BodyMinRate with the core's minimum upload rate over
// window (UploadWindow when zero), for a route that receives uploads.
func UploadPace(window time.Duration) func(http.Handler) http.Handler {
	if window <= 0 {
		window = UploadWindow
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			BodyMinRate(r, uploads.MinUploadRate, window)
			next.ServeHTTP(w, r)
		})
	}
}

// rule decides the read deadlines of a body.
type rule interface {
	// deadline is when a read starting at now must have ended.
	deadline(now time.Time) time.Time
	// account records a read of n bytes that waited d.
	account(n int, d time.Duration)
	// timeout is the error of a read past the deadline.
	timeout() *errs.Error
}

// withinRule is one deadline for the whole body.
type withinRule struct{ until time.Time }

func (w *withinRule) deadline(time.Time) time.Time { return w.until }
func (w *withinRule) account(int, time.Duration)   {}
func (w *withinRule) timeout() *errs.Error         { return ErrBodyTimeout }

// rateRule gives each read the waiting time left in the current window;
// the window starts over each time it has brought its quota of bytes.
type rateRule struct {
	quota  int64
	window time.Duration
	got    int64
	waited time.Duration
}

func (q *rateRule) deadline(now time.Time) time.Time { return now.Add(q.window - q.waited) }

func (q *rateRule) account(n int, d time.Duration) {
	q.got += int64(n)
	q.waited += d
	if q.got >= q.quota {
		q.got, q.waited = 0, 0
	}
}

func (q *rateRule) timeout() *errs.Error { return ErrUploadTooSlow }

// body is a request body under BodyDeadlines. Reads may come from another
// goroutine than the handler's (a storage client streaming it), so its
// state is locked; the lock is not held while a read waits.
type body struct {
	rc    io.ReadCloser
	ctl   *http.ResponseController
	drain time.Duration

	mu       sync.Mutex
	rule     rule
	eof      bool  // the body was read to its end
	err      error // the first failed read, when not at the end
	finished bool  // the handler answered or returned
}

func (b *body) setRule(r rule) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.eof && b.err == nil && !b.finished {
		b.rule = r
	}
}

func (b *body) Read(p []byte) (int, error) {
	b.mu.Lock()
	rule := b.rule
	if b.eof || b.err != nil || b.finished {
		rule = nil // no deadline of ours reaches a finished body
	}
	start := time.Now()
	if rule != nil {
		b.setDeadline(rule.deadline(start))
	}
	b.mu.Unlock()

	n, err := b.rc.Read(p)

	b.mu.Lock()
	defer b.mu.Unlock()
	if rule != nil {
		rule.account(n, time.Since(start))
	}
	switch {
	case b.eof || b.err != nil:
	case errors.Is(err, io.EOF):
		b.eof = true
		b.setDeadline(time.Time{})
	case err != nil:
		if rule != nil && errors.Is(err, os.ErrDeadlineExceeded) {
			err = rule.timeout().WithCause(err)
		}
		b.err = err
	}
	return n, err
}

func (b *body) Close() error { return b.rc.Close() }

// finish runs once, when the handler answers or else when it returns. A
// body read to its end needs nothing. Otherwise net/http may read what is
// left, to keep the connection: after a failed read there is no point, so
// the connection is closed at once; else the rest must arrive within drain.
func (b *body) finish(h http.Header) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	switch {
	case b.eof:
	case b.err != nil:
		h.Set("Connection", "close")
		b.setDeadline(longAgo)
	default:
		b.setDeadline(time.Now().Add(b.drain))
	}
}

// setDeadline sets the connection's read deadline. A writer that cannot
// (httptest's recorder) leaves bodies unbounded, which is all it can do.
func (b *body) setDeadline(t time.Time) {
	_ = b.ctl.SetReadDeadline(t)
}

// bodyWriter settles the body before the response starts: net/http reads
// what is left of it when the header is flushed.
type bodyWriter struct {
	http.ResponseWriter
	body *body
}

func (w *bodyWriter) WriteHeader(code int) {
	if code >= 200 { // informational answers come before the body is read
		w.settle()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *bodyWriter) Write(p []byte) (int, error) {
	w.settle()
	return w.ResponseWriter.Write(p)
}

// Flush keeps http.Flusher working through the wrapper.
func (w *bodyWriter) Flush() {
	w.settle()
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection.
func (w *bodyWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *bodyWriter) settle() { w.body.finish(w.Header()) }
