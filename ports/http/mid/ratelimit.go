package mid

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/httprate"

	"github.com/stagecast/stagecast/ports/http/web"
)

// TooManyRequests is the message of every 429.
const TooManyRequests = "Too many requests, please try again later."

// resetScratch is where httprate leaves the window's end (Unix seconds);
// Limiter turns it into the delta-seconds RateLimit-Reset and Retry-After
// that clients expect, and removes it.
const resetScratch = "X-Stagecast-Ratelimit-Reset"

// Limiter counts requests per key in fixed windows. It wraps httprate so
// that the counter can move to Redis for limits shared by every instance.
type Limiter struct {
	rl  *httprate.RateLimiter
	now func() time.Time
}

// NewLimiter allows limit requests per key and window. counter may be nil
// for an in-process count. A counter error is answered 500: a counter that
// can fail, as a remote one can, should rather fall back to counting in
// the process, as the Redis counter does, than lock every client out.
func NewLimiter(limit int, window time.Duration, counter httprate.LimitCounter, log *slog.Logger) *Limiter {
	opts := []httprate.Option{
		httprate.WithResponseHeaders(httprate.ResponseHeaders{
			Limit: "RateLimit-Limit", Remaining: "RateLimit-Remaining", Reset: resetScratch,
		}),
		httprate.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, err error) {
			if web.ClientGone(r, err) {
				// A remote counter gave up with the request: no failure.
				web.Error(w, r, log, err)
				return
			}
			log.ErrorContext(r.Context(), "rate limit counter failed", "err", err)
			web.Fail(w, r, http.StatusInternalServerError, "Internal server error")
		}),
	}
	if counter != nil {
		opts = append(opts, httprate.WithLimitCounter(counter))
	}
	return &Limiter{rl: httprate.NewRateLimiter(limit, window, opts...), now: time.Now}
}

// Allow counts one request under key. When the limit is reached it writes
// the JSON 429 and returns false.
func (l *Limiter) Allow(w http.ResponseWriter, r *http.Request, key string) bool {
	limited := l.rl.OnLimit(w, r, key)
	h := w.Header()
	reset := h.Get(resetScratch)
	h.Del(resetScratch)
	if h.Get("Content-Type") != "" {
		return false // the error handler answered
	}
	secs := int64(0)
	if at, err := strconv.ParseInt(reset, 10, 64); err == nil {
		secs = max(0, at-l.now().Unix())
	}
	h.Set("RateLimit-Reset", strconv.FormatInt(secs, 10))
	if limited {
		h.Set("Retry-After", strconv.FormatInt(max(1, secs), 10))
		web.Fail(w, r, http.StatusTooManyRequests, TooManyRequests)
		return false
	}
	return true
}

// PerIP limits every request by client address, under a name that keeps
// the counts of different limiters apart in a shared counter.
func (l *Limiter) PerIP(name string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if l.Allow(w, r, name+"|"+ClientIP(r.Context())) {
				next.ServeHTTP(w, r)
			}
		})
	}
}
