package mid

import (
	"net/http"
	"strings"
)

// CaseInsensitiveAPI lower-cases the path of /api requests, so that routes
// match whatever the case, as clients of the reference rely on. Every path
// parameter under /api is an id or a username, both case-insensitive; paths
// outside /api (media keys, signed upload tokens) keep their case.
func CaseInsensitiveAPI(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if len(p) >= 4 && strings.EqualFold(p[:4], "/api") && (len(p) == 4 || p[4] == '/') {
			if lower := strings.ToLower(p); lower != p {
				u := *r.URL
				u.Path, u.RawPath = lower, ""
				r2 := *r
				r2.URL = &u
				r = &r2
			}
		}
		next.ServeHTTP(w, r)
	})
}
