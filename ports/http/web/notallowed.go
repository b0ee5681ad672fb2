package web

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

var methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}

// MethodNotAllowed answers 405 with an Allow header listing the methods
// routes serves at the request's path (relative to routes' mount point).
func MethodNotAllowed(w http.ResponseWriter, r *http.Request, routes chi.Routes) {
	path := r.URL.Path
	if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.RoutePath != "" {
		path = rctx.RoutePath
	}
	var allowed []string
	for _, m := range methods {
		// HEAD is served by GET handlers.
		probe := m
		if m == http.MethodHead {
			probe = http.MethodGet
		}
		if routes.Match(chi.NewRouteContext(), probe, path) {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
	}
	Fail(w, http.StatusMethodNotAllowed, "Method not allowed")
}
