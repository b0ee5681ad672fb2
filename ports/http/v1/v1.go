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
	"github.com/stagecast/stagecast/app/comments"
	"github.com/stagecast/stagecast/app/playlists"
	"github.com/stagecast/stagecast/app/posts"
	"github.com/stagecast/stagecast/app/profiles"
	"github.com/stagecast/stagecast/app/social"
	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/app/videos"
	"github.com/stagecast/stagecast/ports/http/bind"
	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/web"
)

// Options configure the surface.
type Options struct {
	// The core's services this surface calls.
	Accounts  *accounts.Service
	Videos    *videos.Service
	Uploads   *uploads.Service
	Profiles  *profiles.Service
	Comments  *comments.Service
	Posts     *posts.Service
	Social    *social.Service
	Playlists *playlists.Service
	Log       *slog.Logger
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
	// Live, when set, is the live-comment WebSocket endpoint, at GET /live.
	Live http.Handler
}

// handler holds what the route handlers share.
type handler struct {
	accounts  *accounts.Service
	videos    *videos.Service
	uploads   *uploads.Service
	profiles  *profiles.Service
	comments  *comments.Service
	posts     *posts.Service
	social    *social.Service
	playlists *playlists.Service
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
		comments: o.Comments, posts: o.Posts, social: o.Social, playlists: o.Playlists,
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
		r.Get("/search", h.searchUsers)
		r.Patch("/name", h.updateName)
		r.Patch("/email", h.requestEmailChange)
		r.Post("/email/verify", h.confirmEmailChange)
		r.Patch("/profileimage", h.updateProfileImage)
		r.Patch("/bio", h.updateBio)
		r.Get("/history", h.watchHistory)
		r.Delete("/history", h.clearHistory)
		r.Delete("/history/{videoId}", h.removeFromHistory)
		r.Get("/{username}", h.userProfile)
	})
	r.Route("/like", func(r chi.Router) {
		r.Use(h.authenticate)
		r.Post("/toggle-video-like/{videoId}", h.toggleVideoLike)
		r.Post("/toggle-comment-like/{commentId}", h.toggleCommentLike)
		r.Post("/toggle-community-post-like/{postId}", h.togglePostLike)
		r.Get("/liked-videos", h.likedVideos)
	})
	r.Route("/comment", func(r chi.Router) {
		// Each route authenticates on its own, as the reference's do, so
		// an unknown path here is 404 even without a token.
		r.Group(func(r chi.Router) {
			r.Use(h.authenticate)
			r.Get("/video-comments/{videoId}", h.videoComments)
			r.Post("/video-comments/{videoId}", h.commentOnVideo)
			r.Get("/post-comments/{postId}", h.postComments)
			r.Post("/post-comments/{postId}", h.commentOnPost)
			r.Patch("/{commentId}", h.editComment)
			r.Delete("/{commentId}", h.deleteComment)
		})
	})
	r.Route("/communitypost", func(r chi.Router) {
		r.Use(h.authenticate)
		r.Post("/", h.createPost)
		r.Get("/feed", h.postFeed)
		r.Get("/user/{userId}", h.userPosts)
		r.Patch("/{postId}", h.editPost)
		r.Delete("/{postId}", h.deletePost)
	})
	r.Route("/playlist", func(r chi.Router) {
		r.Use(h.authenticate)
		r.Get("/search", h.searchPlaylists)
		r.Post("/", h.createPlaylist)
		r.Get("/me", h.myPlaylists)
		r.Get("/user/{userId}", h.userPlaylists)
		r.Get("/{playlistId}", h.getPlaylist)
		r.Patch("/{playlistId}", h.editPlaylist)
		r.Delete("/{playlistId}", h.deletePlaylist)
		r.Post("/{playlistId}/videos/{videoId}", h.addToPlaylist)
		r.Delete("/{playlistId}/videos/{videoId}", h.removeFromPlaylist)
	})
	r.Route("/dashboard", func(r chi.Router) {
		r.Use(h.authenticate)
		r.Get("/stats", h.dashboardStats)
	})
	r.Route("/follower", func(r chi.Router) {
		r.Use(h.authenticate)
		r.Post("/toggle/{userId}", h.toggleFollow)
		r.Get("/followers/{userId}", h.followers)
		r.Get("/following/{userId}", h.following)
	})
	r.Route("/subscriptions", func(r chi.Router) {
		r.Use(h.authenticate)
		r.Get("/feed", h.subscriptionFeed)
	})
	r.Route("/uploads", func(r chi.Router) {
		r.Use(h.authenticate)
		r.Post("/", h.signUpload)
	})
	if o.Live != nil {
		r.Get("/live", o.Live.ServeHTTP)
	}
	if o.Docs != nil {
		r.Mount("/docs", o.Docs)
	}
	return r
}
