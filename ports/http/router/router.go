// Package router assembles the HTTP server of Stagecast: the middleware
// stack shared by every route, /health, and the API surfaces.
package router

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/cors"

	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/web"
)

// Options configure the server.
type Options struct {
	Log *slog.Logger
	// CORSOrigins is the allow-list of browser origins.
	CORSOrigins []string
	// TrustProxyHops is the number of proxies whose X-Forwarded-For is
	// believed.
	TrustProxyHops int
	// APILimiter counts every /api request per client address.
	APILimiter *mid.Limiter
	// Surfaces are the API surfaces, each mounted under /api.
	Surfaces []Surface
	// Media serves stored media at /media/*, and Uploads receives direct
	// uploads at PUT /uploads/{token}, when the storage is served by the
	// API itself (nil otherwise). Neither counts against the API limit:
	// a player seeking through a video makes many range requests.
	Media, Uploads http.Handler
	// UploadWindow is how long an upload body may stall before it must
	// have averaged the minimum upload rate (mid.UploadWindow when zero).
	UploadWindow time.Duration
	// SocketIO, when set, serves Socket.IO at /socket.io/ (outside /api,
	// where clients look for it, and outside the API limit: a long-polling
	// client makes a request every few seconds).
	SocketIO http.Handler
	// Database is probed by /health; Services are other probed dependencies.
	Database Check
	Services map[string]Check
	// HealthPeriod is how long /health reuses what it probed
	// (DefaultHealthPeriod when zero), on the clock Now, which tests move.
	HealthPeriod time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// bodyDrainTime bounds how long net/http may spend reading what a handler
// left of a body (up to 256 KB) to keep the connection; past it the
// connection is closed.
const bodyDrainTime = 10 * time.Second

// Surface is one API surface: its handler, mounted at Prefix (such as
// "/api/v1"), and the error body it answers with. Every error a request
// under Prefix gets, from the shared middleware (rate limits, timeouts,
// panics, unknown routes) as from the surface itself, has that body.
type Surface struct {
	Prefix  string
	Handler http.Handler
	Errors  web.ErrorBody
}

// New returns the root handler.
func New(o Options) http.Handler {
	if o.Now == nil {
		o.Now = time.Now
	}
	// The router tags each request with an id; its own records carry it
	// whatever logger it was given.
	o.Log = slog.New(mid.WithRequestIDs(o.Log.Handler()))
	r := chi.NewRouter()
	r.Use(
		surfaceErrors(o.Surfaces),
		web.WithRequestID,
		mid.RealIP(o.TrustProxyHops),
		mid.AccessLog(o.Log),
		mid.Recover(o.Log),
		mid.BodyDeadlines(bodyDrainTime),
		mid.SecurityHeaders,
		// Every OPTIONS request, preflight or not, is answered here (204,
		// with the CORS headers for an allowed origin and the security
		// headers), before rate limits and authentication.
		cors.Handler(cors.Options{
			AllowedOrigins:     o.CORSOrigins,
			AllowCredentials:   true,
			AllowedMethods:     []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"},
			AllowedHeaders:     []string{"Content-Type", "Authorization", "X-Requested-With", "X-Request-Id", "Accept", "Origin"},
			ExposedHeaders:     []string{"X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"},
			MaxAge:             600,
			OptionsPassthrough: true,
		}),
		mid.AnswerOptions,
		mid.CaseInsensitiveAPI,
		middleware.StripSlashes,
		middleware.GetHead,
	)
	r.NotFound(web.NotFound)
	r.MethodNotAllowed(web.MethodNotAllowed)

	probes := newProber(o.Database, o.Services, o.Now, o.HealthPeriod, o.Log)
	r.Get("/health", health(probes, o.Now(), o.Now, o.Log))
	if o.Media != nil {
		r.Method(http.MethodGet, "/media/*", o.Media)
		r.Method(http.MethodHead, "/media/*", o.Media)
	}
	if o.Uploads != nil {
		r.With(mid.UploadPace(o.UploadWindow)).Method(http.MethodPut, "/uploads/{token}", o.Uploads)
	}
	if o.SocketIO != nil {
		sio := handshakesLimited(o.SocketIO, o.APILimiter)
		// StripSlashes leaves "/socket.io" of "/socket.io/".
		r.Handle("/socket.io", sio)
		r.Handle("/socket.io/*", sio)
	}
	r.Route("/api", func(r chi.Router) {
		r.Use(o.APILimiter.PerIP("api"))
		for _, s := range o.Surfaces {
			r.Mount(strings.TrimPrefix(s.Prefix, "/api"), s.Handler)
		}
	})
	return r
}

// handshakesLimited counts the requests that open an Engine.IO session
// (those without a sid) against the API limit: a session costs memory
// and needs no token. The requests of an open session do not count, or a
// long-polling client would use its share up by waiting.
func handshakesLimited(h http.Handler, limiter *mid.Limiter) http.Handler {
	limited := limiter.PerIP("api")(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("sid") == "" {
			limited.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// surfaceErrors gives each request the error body of the surface whose
// prefix its path has (matched in any case, as /api paths are), before any
// other middleware can answer it.
func surfaceErrors(surfaces []Surface) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		bodies := make([]http.Handler, len(surfaces))
		for i, s := range surfaces {
			bodies[i] = web.WithErrorBody(s.Errors)(next)
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for i, s := range surfaces {
				if hasPathPrefix(r.URL.Path, s.Prefix) {
					bodies[i].ServeHTTP(w, r)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// hasPathPrefix reports whether path is prefix or below it, ignoring case.
func hasPathPrefix(path, prefix string) bool {
	if len(path) < len(prefix) || !strings.EqualFold(path[:len(prefix)], prefix) {
		return false
	}
	return len(path) == len(prefix) || path[len(prefix)] == '/'
}
