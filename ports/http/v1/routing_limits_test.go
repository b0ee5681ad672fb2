package v1_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/stagecast/stagecast/ports/http/docs"
)

func TestRoutingCORS(t *testing.T) {
	e := newEnv(t, nil)
	const allowed = "http://localhost:3000"
	rec := serveRaw(e, "GET", "/api/v1/auth/check-username?username=ada", nil, map[string]string{"Origin": allowed})
	if rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != allowed ||
		rec.Header().Get("Access-Control-Allow-Credentials") != "true" {
		t.Fatalf("allowed origin: %d %v", rec.Code, rec.Header())
	}
	if !slices.Contains(rec.Header().Values("Vary"), "Origin") {
		t.Errorf("Vary %q lacks Origin", rec.Header().Values("Vary"))
	}

	for _, foreign := range []string{"https://evil.example", "http://localhost:3001", "null", "http://LOCALHOST:3000.evil.example"} {
		rec := serveRaw(e, "GET", "/api/v1/auth/check-username?username=ada", nil, map[string]string{"Origin": foreign})
		if rec.Code != 200 {
			t.Errorf("%s: status %d", foreign, rec.Code)
		}
		for k := range rec.Header() {
			if strings.HasPrefix(k, "Access-Control-") {
				t.Errorf("%s: got %s: %q", foreign, k, rec.Header().Get(k))
			}
		}
	}
}

func TestRoutingCORSTwoOrigins(t *testing.T) {
	e := newEnv(t, map[string]string{"CORS_ORIGINS": "http://localhost:3000,https://app.example.com"})
	for _, origin := range []string{"http://localhost:3000", "https://app.example.com"} {
		rec := serveRaw(e, "GET", "/health", nil, map[string]string{"Origin": origin})
		if rec.Header().Get("Access-Control-Allow-Origin") != origin || rec.Header().Get("Access-Control-Allow-Credentials") != "true" {
			t.Errorf("%s not allowed: %v", origin, rec.Header())
		}
	}
	rec := serveRaw(e, "GET", "/health", nil, map[string]string{"Origin": "https://other.example.com"})
	if v := rec.Header().Get("Access-Control-Allow-Origin"); v != "" {
		t.Errorf("foreign origin allowed: %q", v)
	}
}

func TestRoutingPreflight(t *testing.T) {
	e := newEnv(t, map[string]string{"RATE_LIMIT_API": "1"})
	preflight := map[string]string{
		"Origin": "http://localhost:3000", "Access-Control-Request-Method": "DELETE",
		"Access-Control-Request-Headers": "Content-Type",
	}
	// More preflights than the limit, to a guarded route, without a token.
	for i := range 3 {
		rec := serveRaw(e, "OPTIONS", "/api/v1/auth/sessions/0123456789abcdef01234567", nil, preflight)
		if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
			t.Fatalf("preflight %d: status %d %s", i, rec.Code, rec.Body)
		}
		h := rec.Header()
		if !strings.Contains(h.Get("Access-Control-Allow-Methods"), "DELETE") ||
			h.Get("Access-Control-Allow-Origin") != "http://localhost:3000" ||
			h.Get("Access-Control-Allow-Credentials") != "true" {
			t.Fatalf("preflight headers %v", h)
		}
		expectSecurityHeaders(t, h)
	}
	// The preflights did not use up the one request allowed.
	c := e.client()
	c.do("GET", "/api/v1/auth/check-username?username=ada", nil).expect(t, 200, "Username is available")
	c.do("GET", "/api/v1/auth/check-username?username=ada", nil).expect(t, 429, "Too many requests, please try again later.")
}

// TestRoutingEveryOptionsRequest sends OPTIONS to every kind of path, with
// and without an allowed origin: each is 204 with no body and the security
// headers, and CORS headers only for the allowed origin. None counts
// against the rate limit or asks for a token.
func TestRoutingEveryOptionsRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t, map[string]string{"RATE_LIMIT_API": "1"})
	for _, path := range []string{"/", "/health", "/nope", "/api/v1/auth/me", "/api/v1/video/0123456789abcdef01234567",
		"/api/v1/nope", "/API/V1/AUTH/LOGIN/", "/media/videos/u/x.mp4", "/uploads/token", "/api/v1/docs"} {
		for _, origin := range []string{"", "http://localhost:3000", "https://evil.example"} {
			header := map[string]string{}
			if origin != "" {
				header["Origin"] = origin
			}
			rec := serveRaw(e, "OPTIONS", path, nil, header)
			if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
				t.Fatalf("OPTIONS %s (%q): %d %s", path, origin, rec.Code, rec.Body)
			}
			expectSecurityHeaders(t, rec.Header())
			allowed := rec.Header().Get("Access-Control-Allow-Origin")
			if want := map[bool]string{true: origin}[origin == "http://localhost:3000"]; allowed != want {
				t.Fatalf("OPTIONS %s (%q): Access-Control-Allow-Origin %q", path, origin, allowed)
			}
		}
	}
	e.client().do("GET", "/api/v1/auth/check-username?username=ada", nil).expect(t, 200, "Username is available")
}

// expectSecurityHeaders fails unless h carries the headers every answer
// carries (api-v1.md Part 3 §1.2).
func expectSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	for k, v := range map[string]string{
		"X-Content-Type-Options":       "nosniff",
		"X-Frame-Options":              "SAMEORIGIN",
		"Strict-Transport-Security":    "max-age=31536000; includeSubDomains",
		"Referrer-Policy":              "no-referrer",
		"Cross-Origin-Opener-Policy":   "same-origin",
		"Cross-Origin-Resource-Policy": "same-origin",
		"Origin-Agent-Cluster":         "?1",
		"X-Xss-Protection":             "0",
	} {
		if got := h.Get(k); got != v {
			t.Fatalf("%s %q, want %q (headers %v)", k, got, v, h)
		}
	}
	if !strings.HasPrefix(h.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Fatalf("Content-Security-Policy %q", h.Get("Content-Security-Policy"))
	}
}

// expectRateLimited fails unless r is the limiters' 429 for a limit of limit.
func expectRateLimited(t *testing.T, r *resp, limit int) {
	t.Helper()
	r.expect(t, 429, "Too many requests, please try again later.")
	if string(r.Raw) != `{"success":false,"message":"Too many requests, please try again later."}` {
		t.Errorf("body %s", r.Raw)
	}
	if r.Header.Get("RateLimit-Limit") != strconv.Itoa(limit) || r.Header.Get("RateLimit-Remaining") != "0" {
		t.Errorf("RateLimit-Limit %q, RateLimit-Remaining %q", r.Header.Get("RateLimit-Limit"), r.Header.Get("RateLimit-Remaining"))
	}
	for _, h := range []string{"Retry-After", "RateLimit-Reset"} {
		if n, err := strconv.Atoi(r.Header.Get(h)); err != nil || n < 0 || n > 15*60 || h == "Retry-After" && n < 1 {
			t.Errorf("%s %q", h, r.Header.Get(h))
		}
	}
}

func TestRoutingAPIRateLimit(t *testing.T) {
	e := newEnv(t, map[string]string{"RATE_LIMIT_API": "3"})
	c := e.client()
	for i := range 3 {
		r := c.do("GET", "/api/v1/auth/check-username?username=ada", nil).expect(t, 200, "Username is available")
		if got, want := r.Header.Get("RateLimit-Remaining"), strconv.Itoa(2-i); got != want || r.Header.Get("RateLimit-Limit") != "3" {
			t.Errorf("request %d: RateLimit-Remaining %q, want %q", i+1, got, want)
		}
	}
	expectRateLimited(t, c.do("GET", "/api/v1/auth/check-username?username=ada", nil), 3)
	expectRateLimited(t, c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": "x"}), 3)
	// Unknown paths under /api count too.
	expectJSONError(t, serveRaw(e, "GET", "/api/v1/nope", nil, nil), 429, "Too many requests, please try again later.")
	// /health is not limited.
	for range 5 {
		r := c.do("GET", "/health", nil).expect(t, 200, "Health check passed")
		if v := r.Header.Get("RateLimit-Limit"); v != "" {
			t.Fatalf("/health carries RateLimit-Limit %q", v)
		}
	}
	// Another address has its own count.
	other := e.client()
	other.ip = "198.51.100.7"
	other.do("GET", "/api/v1/auth/check-username?username=ada", nil).expect(t, 200, "Username is available")
}

func TestRoutingForwardedForIgnoredByDefault(t *testing.T) {
	e := newEnv(t, map[string]string{"RATE_LIMIT_API": "2"})
	c := e.client()
	for i, fwd := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3, 203.0.113.4"} {
		c.header.Set("X-Forwarded-For", fwd)
		r := c.do("GET", "/api/v1/auth/check-username?username=ada", nil)
		if i < 2 {
			r.expect(t, 200, "Username is available")
		} else {
			expectRateLimited(t, r, 2)
		}
	}
}

func TestRoutingForwardedForWithOneTrustedProxy(t *testing.T) {
	e := newEnv(t, map[string]string{"RATE_LIMIT_API": "1", "TRUST_PROXY_HOPS": "1"})
	proxy := e.client() // every request comes from the proxy's address
	send := func(fwd string) *resp {
		proxy.header.Set("X-Forwarded-For", fwd)
		return proxy.do("GET", "/api/v1/auth/check-username?username=ada", nil)
	}
	send("203.0.113.1").expect(t, 200, "Username is available")
	send("203.0.113.2").expect(t, 200, "Username is available")
	// The client may prepend anything; the proxy appends the address it saw.
	send("203.0.113.9, 203.0.113.1").expect(t, 429, "Too many requests, please try again later.")
	send("203.0.113.1, 203.0.113.3").expect(t, 200, "Username is available")
	send("198.51.100.1,203.0.113.3").expect(t, 429, "Too many requests, please try again later.")
}

func TestRoutingLoginLimiter(t *testing.T) {
	e := newEnv(t, map[string]string{"RATE_LIMIT_LOGIN": "3"})
	e.signup("ada")
	e.signup("bob")
	c := e.client()
	for range 3 {
		c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": "Wrong123"}).expect(t, 401, msgBadCredentials)
	}
	expectRateLimited(t, c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}), 3)
	// The identifier counts as normalized.
	expectRateLimited(t, c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": " ADA ", "password": goodPassword}), 3)
	// Another account from the same address, and the same account from
	// another address, still sign in.
	c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "bob", "password": goodPassword}).expect(t, 200, "User logged in successfully")
	other := e.client()
	other.ip = "198.51.100.7"
	other.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).expect(t, 200, "User logged in successfully")

	t.Run("same account by email", func(t *testing.T) {
		fresh := e.client() // c signed in as bob above; the guest guard would answer first
		expectRateLimited(t, fresh.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada@example.com", "password": goodPassword}), 3)
	})
}

func TestRoutingDocs(t *testing.T) {
	e := newEnv(t, nil)
	r := e.client().do("GET", "/api/v1/docs/json", nil)
	if r.Status != 200 || r.Body["openapi"] != "3.0.3" || r.Body["paths"] == nil {
		t.Fatalf("docs/json: %d %.200s", r.Status, r.Raw)
	}
	if info, _ := r.Body["info"].(map[string]any); info["title"] != "Stagecast API" {
		t.Errorf("info %v", r.Body["info"])
	}
	for _, p := range []string{"/api/v1/docs", "/api/v1/docs/"} {
		req := httptest.NewRequest("GET", p, nil)
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		e.check.CheckRecorder(t, req, rec)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") ||
			!strings.Contains(rec.Body.String(), "swagger") {
			t.Errorf("GET %s: %d %q %.200s", p, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
	}
}

func TestRoutingEveryRouteIsDocumented(t *testing.T) {
	e := newEnv(t, nil)
	routes, ok := e.handler.(chi.Routes)
	if !ok {
		t.Fatalf("the wired handler is a %T, not a chi.Routes", e.handler)
	}
	var undocumented []string
	for _, op := range docs.Undocumented(routes) {
		if _, path, _ := strings.Cut(op, " "); strings.HasPrefix(path, "/api/v1") {
			undocumented = append(undocumented, op)
		}
	}
	if len(undocumented) != 0 {
		t.Errorf("routes missing from openapi.yaml: %q", undocumented)
	}
	if missing := docs.Unserved(routes); len(missing) != 0 {
		t.Errorf("documented but not served: %q", missing)
	}
}
