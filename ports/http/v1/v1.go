// Package v1 serves the /api/v1 surface: the routes, shapes, messages and
// cookies of the Dancely backend's contract, over the Stagecast core.
package v1

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-playground/validator/v10"

	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/app/profiles"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/ports/http/bind"
	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/web"
)

// Options configure the surface.
type Options struct {
	// The core's services this surface calls.
	Accounts *accounts.Service
	Videos   *videos.Service
	Uploads  *uploads.Service
	Profiles *profiles.Service
	Log      *slog.Logger
	// AccessTTL is the lifetime of the access tokens this surface issues
	// (JWT_ACCESS_TTL).
	AccessTTL time.Duration
	// CookieSecure marks the token cookies Secure (production).
	CookieSecure bool
	// CookieDomain sets the cookies' Domain attribute when not empty.
	CookieDomain string
	// LoginLimiter counts sign-in attempts per client address and account.
	LoginLimiter *mid.Limiter
	// SignupLimiter counts registrations, code resends and reset requests
	// per client address, each route on its own count. Only requests that
	// pass validation count: a mistyped form does not lock anyone out.
	SignupLimiter *mid.Limiter
	// Now is the core's clock (time.Now when nil).
	Now func() time.Time
	// Docs, when set, is mounted at /docs.
	Docs http.Handler
}

// handler holds what the route handlers share.
type handler struct {
	accounts  *accounts.Service
	videos    *videos.Service
	uploads   *uploads.Service
	profiles  *profiles.Service
	log       *slog.Logger
	cookies   cookieJar
	accessTTL time.Duration
	login     *mid.Limiter
	signup    *mid.Limiter
	validate  *validator.Validate
	schemas   schemas
}

// Routes returns the /api/v1 router, to be mounted at /api/v1.
func Routes(o Options) http.Handler {
	v := bind.NewValidator()
	if o.Now == nil {
		o.Now = time.Now
	}
	h := &handler{
		accounts: o.Accounts, videos: o.Videos, uploads: o.Uploads, profiles: o.Profiles,
		log: o.Log, accessTTL: o.AccessTTL, login: o.LoginLimiter, signup: o.SignupLimiter, validate: v, schemas: newSchemas(v),
		cookies: cookieJar{secure: o.CookieSecure, domain: o.CookieDomain, now: o.Now},
	}
	r := chi.NewRouter()
	r.Route("/auth", func(r chi.Router) {
		// Unknown paths and methods under a guarded prefix answer 401 to a
		// caller without a token, as the reference's router-level guard does.
		r.NotFound(h.authenticate(http.HandlerFunc(web.NotFound)).ServeHTTP)
		r.MethodNotAllowed(h.authenticate(http.HandlerFunc(web.MethodNotAllowed)).ServeHTTP)

		r.Get("/check-username", h.checkUsername)
		r.Post("/refresh-token", h.refreshToken)
		r.Group(func(r chi.Router) {
			r.Use(h.guestOnly)
			r.Post("/register", h.register)
			r.Post("/verify-account", h.verifyAccount)
			r.Post("/login", h.loginHandler)
			r.Post("/forgot-password", h.forgotPassword)
			r.Post("/reset-password", h.resetPassword)
		})
		r.Post("/resend-verification", h.resendVerification)
		r.Group(func(r chi.Router) {
			r.Use(h.authenticate)
			r.Get("/me", h.me)
			r.Post("/change-password", h.changePassword)
			r.Post("/logout", h.logout)
			r.Post("/logout-all", h.logoutAll)
			r.Get("/sessions", h.listSessions)
			r.Delete("/sessions/{id}", h.revokeSession)
		})
	})
	// Under these prefixes every route needs a token, so unknown paths and
	// methods answer 401 first too.
	r.Route("/video", func(r chi.Router) {
		r.Use(h.authenticate)
		r.Get("/me", h.myVideos)
		r.Get("/", h.listVideos)
		r.Post("/", h.uploadVideo)
		r.Get("/{videoId}", h.getVideo)
		r.Patch("/{videoId}", h.updateVideo)
		r.Delete("/{videoId}", h.deleteVideo)
		r.Patch("/thumbnail/{videoId}", h.updateThumbnail)
		r.Patch("/publish-status/{videoId}", h.togglePublish)
	})
	r.Route("/user", func(r chi.Router) {
		r.Use(h.authenticate)
		r.Patch("/profileimage", h.updateProfileImage)
		r.Get("/history", h.watchHistory)
		r.Delete("/history", h.clearHistory)
		r.Delete("/history/{videoId}", h.removeFromHistory)
	})
	r.Route("/uploads", func(r chi.Router) {
		r.Use(h.authenticate)
		r.Post("/", h.signUpload)
	})
	if o.Docs != nil {
		r.Mount("/docs", o.Docs)
	}
	return r
}
