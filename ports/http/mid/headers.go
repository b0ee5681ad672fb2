package mid

import "net/http"

// securityHeaders are the headers every API response carries: the set a
// browser-facing JSON API needs (those of helmet's defaults, which clients
// of /api/v1 were served).
var securityHeaders = map[string]string{
	"Content-Security-Policy":           "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
	"Cross-Origin-Opener-Policy":        "same-origin",
	"Cross-Origin-Resource-Policy":      "same-origin",
	"Origin-Agent-Cluster":              "?1",
	"Referrer-Policy":                   "no-referrer",
	"Strict-Transport-Security":         "max-age=31536000; includeSubDomains",
	"X-Content-Type-Options":            "nosniff",
	"X-Dns-Prefetch-Control":            "off",
	"X-Download-Options":                "noopen",
	"X-Frame-Options":                   "SAMEORIGIN",
	"X-Permitted-Cross-Domain-Policies": "none",
	"X-Xss-Protection":                  "0",
}

// securityValues are securityHeaders as a header holds them: each value in
// a slice of its own, made once rather than for every response (Set makes
// one per call). Every response shares them: a handler that sets one of
// these headers replaces its slice, and one that adds to it appends to a
// slice with no room, which copies.
var securityValues = func() http.Header {
	out := make(http.Header, len(securityHeaders))
	for k, v := range securityHeaders {
		out[http.CanonicalHeaderKey(k)] = []string{v}[:1:1]
	}
	return out
}()

// SecurityHeaders sets securityHeaders on every response. Handlers that
// serve media override Cross-Origin-Resource-Policy themselves.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range securityValues {
			h[k] = v
		}
		next.ServeHTTP(w, r)
	})
}
