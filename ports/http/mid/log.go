package mid

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/stagecast/stagecast/ports/http/web"
)

// AccessLog writes one structured record per request; the logger adds the
// request id (see WithRequestIDs). The query string is left out: it may
// carry tokens. Server errors (5xx) are logged at ERROR; a request whose
// client went away before it was answered is logged at INFO with status
// web.StatusClientClosedRequest and the outcome "client closed request":
// clients hang up all the time, and that is not the server failing.
func AccessLog(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r)
			status := ww.Status()
			if status == 0 {
				status = http.StatusOK
				// A handler that gave up on a gone client answered nobody.
				if errors.Is(r.Context().Err(), context.Canceled) {
					status = web.StatusClientClosedRequest
				}
			}
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("duration", time.Since(start)),
				slog.String("remote", ClientIP(r.Context())),
			}
			if status == web.StatusClientClosedRequest {
				attrs = append(attrs, slog.String("outcome", ClientClosedRequest))
			}
			log.LogAttrs(r.Context(), level, "http request", attrs...)
		})
	}
}

// ClientClosedRequest is the outcome the access log gives a request whose
// client went away before it was answered.
const ClientClosedRequest = "client closed request"

// Recover turns a panic into a logged 500 envelope, so one bad request
// neither kills the process nor leaks a stack trace to the client.
func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				rec := recover()
				if rec == nil {
					return
				}
				if rec == http.ErrAbortHandler {
					panic(rec) // the server's own signal to drop the connection
				}
				log.ErrorContext(r.Context(), "panic",
					"panic", rec, "stack", string(debug.Stack()))
				web.Fail(w, r, http.StatusInternalServerError, "Internal server error")
			}()
			next.ServeHTTP(w, r)
		})
	}
}
