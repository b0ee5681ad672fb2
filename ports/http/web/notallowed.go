package web

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

var methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}

// NotFound answers 404 "Route not found" in the error body of the
// request's surface.
func NotFound(w http.ResponseWriter, r *http.Request) {
	Fail(w, r, http.StatusNotFound, "Route not found")
}

// MethodNotAllowed answers 405 with an Allow header listing the methods the
// whole router serves at the request's path. It asks the root router with
// the full path, following it into mounted routers (see innermost), so it
// gives the same answer in every mounted sub-router.
func MethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.Routes != nil {
		path := r.URL.Path
		if len(path) > 1 {
			path = strings.TrimSuffix(path, "/")
		}
		allowed = allowedMethods(rctx.Routes, path)
	}
	notAllowed(w, r, allowed)
}

func allowedMethods(routes chi.Routes, path string) []string {
	routes, path = innermost(routes, path)
	var allowed []string
	for _, m := range methods {
		probe := m
		if m == http.MethodHead {
			probe = http.MethodGet // HEAD is served by GET handlers
		}
		if routes.Match(chi.NewRouteContext(), probe, path) {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

func notAllowed(w http.ResponseWriter, r *http.Request, allowed []string) {
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
	}
	Fail(w, r, http.StatusMethodNotAllowed, "Method not allowed")
}

// innermost follows path through the routers mounted at literal prefixes
// and returns the deepest one with the path relative to it. chi answers
// every method at a mount point with the mount's own handler, so only the
// mounted router can tell which methods its root serves.
func innermost(routes chi.Routes, path string) (chi.Routes, string) {
	for {
		var next chi.Routes
		for _, rt := range routes.Routes() {
			prefix, mounted := strings.CutSuffix(rt.Pattern, "/*")
			if rt.SubRoutes == nil || !mounted || strings.ContainsAny(prefix, "{*") {
				continue
			}
			if rest, ok := strings.CutPrefix(path, prefix); ok && (rest == "" || rest[0] == '/') {
				next, path = rt.SubRoutes, "/"+strings.TrimPrefix(rest, "/")
				break
			}
		}
		if next == nil {
			return routes, path
		}
		routes = next
	}
}
