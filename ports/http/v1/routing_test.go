package v1_test

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/ports/http/bind"
)

// serveRaw sends a request built by hand, for what the OpenAPI document does
// not describe (unknown paths, wrong methods, preflights); nothing checks it
// against the document.
func serveRaw(e *env, method, path string, body io.Reader, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = "192.0.2.1:4711"
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return rec
}

// expectJSONError fails unless rec is a JSON error body with the status and message.
func expectJSONError(t *testing.T, rec *httptest.ResponseRecorder, status int, message string) {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("%d: body is not JSON: %q", rec.Code, rec.Body.String())
	}
	if rec.Code != status || body["message"] != message || body["success"] != false || len(body) != 2 {
		t.Fatalf("got %d %s, want %d %q", rec.Code, rec.Body.String(), status, message)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
}

func bearerHeader(c *client) map[string]string {
	return map[string]string{"Authorization": "Bearer " + c.cookies["accessToken"]}
}

func TestRoutingUnknownPath(t *testing.T) {
	e := newEnv(t, nil)
	for _, p := range []string{"/", "/nope", "/api", "/api/nope", "/api/v2/auth/login", "/api/v1", "/api/v1/nope-at-all", "/api/v1/docs/nope.js", "/health/deep"} {
		t.Run(p, func(t *testing.T) {
			rec := serveRaw(e, "GET", p, nil, nil)
			expectJSONError(t, rec, 404, "Route not found")
			if rec.Body.String() != `{"success":false,"message":"Route not found"}` {
				t.Fatalf("body %s", rec.Body)
			}
		})
	}
}

func TestRoutingMethodNotAllowed(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	auth := bearerHeader(e.login("ada"))
	for _, tc := range []struct {
		method, path, allow string
	}{
		{"GET", "/api/v1/auth/login", "POST"},
		{"PUT", "/api/v1/auth/register", "POST"},
		{"DELETE", "/api/v1/auth/me", "GET, HEAD"},
		{"POST", "/api/v1/auth/check-username", "GET, HEAD"},
		{"PUT", "/api/v1/auth/sessions/0123456789abcdef01234567", "DELETE"},
		{"POST", "/health", "GET, HEAD"},
		{"POST", "/api/v1/docs/json", "GET, HEAD"},
		{"DELETE", "/api/v1/docs", "GET, HEAD"},
		{"DELETE", "/API/V1/AUTH/ME/", "GET, HEAD"},
		// Routers mounted at a path that serve its root themselves.
		{"PUT", "/api/v1/video", "GET, HEAD, POST"},
		{"DELETE", "/api/v1/video/", "GET, HEAD, POST"},
		{"PATCH", "/api/v1/uploads", "POST"},
		{"PUT", "/api/v1/video/mine", "GET, HEAD, PATCH, DELETE"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			rec := serveRaw(e, tc.method, tc.path, nil, auth)
			expectJSONError(t, rec, 405, "Method not allowed")
			if got := rec.Header().Get("Allow"); got != tc.allow {
				t.Fatalf("Allow %q, want %q", got, tc.allow)
			}
		})
	}
}

func TestRoutingAuthPrefixAsksForTokenFirst(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	auth := bearerHeader(e.login("ada"))
	for _, tc := range []struct {
		method, path string
		withToken    int
	}{
		{"GET", "/api/v1/auth/nope", 404},
		{"POST", "/api/v1/auth/me/deeper", 404},
		{"GET", "/api/v1/auth/register", 405},
		{"DELETE", "/api/v1/auth/login", 405},
		{"GET", "/api/v1/auth/logout", 405},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			expectJSONError(t, serveRaw(e, tc.method, tc.path, nil, nil), 401, "UNAUTHORIZED")
			expectJSONError(t, serveRaw(e, tc.method, tc.path, nil, map[string]string{"Authorization": "Bearer forged"}), 401, "UNAUTHORIZED")
			want := map[int]string{404: "Route not found", 405: "Method not allowed"}[tc.withToken]
			expectJSONError(t, serveRaw(e, tc.method, tc.path, nil, auth), tc.withToken, want)
		})
	}
}

func TestRoutingIgnoresCaseUnderAPI(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	c := e.client()
	c.do("POST", "/API/V1/Auth/Login", map[string]any{"identifier": "ada", "password": goodPassword}).
		expect(t, 200, "User logged in successfully")
	c.do("GET", "/api/v1/AUTH/ME/", nil).expect(t, 200, "User details fetched successfully")
	// The query string keeps its case.
	c.do("GET", "/Api/V1/auth/check-username?username=ADA", nil).expect(t, 200, "Username is already taken")
	expectJSONError(t, serveRaw(e, "GET", "/HEALTH", nil, nil), 404, "Route not found")
}

func TestRoutingTrailingSlashAndHead(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	c := e.client()
	c.do("POST", "/api/v1/auth/login/", map[string]any{"identifier": "ada", "password": goodPassword}).
		expect(t, 200, "User logged in successfully")
	c.do("GET", "/api/v1/auth/me/", nil).expect(t, 200, "User details fetched successfully")
	c.do("GET", "/api/v1/auth/check-username/?username=ada", nil).expect(t, 200, "Username is already taken")
	c.do("GET", "/health/", nil).expect(t, 200, "Health check passed")

	for _, p := range []string{"/health", "/api/v1/auth/me", "/api/v1/auth/check-username?username=ada", "/api/v1/docs/json"} {
		t.Run("HEAD "+p, func(t *testing.T) {
			if r := c.do("HEAD", p, nil); r.Status != 200 {
				t.Errorf("HEAD %s: %d %s", p, r.Status, r.Raw)
			}
		})
	}
}

// loginBodyOfSize returns a login body of exactly n bytes.
func loginBodyOfSize(n int) string {
	const head, tail = `{"identifier":"ada","password":"`, `"}`
	return head + strings.Repeat("x", n-len(head)-len(tail)) + tail
}

func TestRoutingBodyLimits(t *testing.T) {
	e := newEnv(t, nil)
	e.signup("ada")
	c := e.client()
	c.do("POST", "/api/v1/auth/login", loginBodyOfSize(bind.MaxJSONBody)).expect(t, 401, msgBadCredentials)
	c.do("POST", "/api/v1/auth/login", loginBodyOfSize(bind.MaxJSONBody+1)).expect(t, 413, "request entity too large")
	c.do("POST", "/api/v1/auth/register", loginBodyOfSize(100000)).expect(t, 413, "request entity too large")
	for _, bad := range []string{`{"identifier":`, `{"identifier":"ada"}{}`, `{'identifier':'ada'}`, `{"identifier":"ada",}`} {
		c.do("POST", "/api/v1/auth/login", bad).expect(t, 400, "Malformed JSON in request body")
	}
	// The refused bodies did not count as login attempts of anyone.
	c.do("POST", "/api/v1/auth/login", map[string]any{"identifier": "ada", "password": goodPassword}).
		expect(t, 200, "User logged in successfully")
}

var securityHeaders = map[string]string{
	"Content-Security-Policy":      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
	"X-Content-Type-Options":       "nosniff",
	"X-Frame-Options":              "SAMEORIGIN",
	"Strict-Transport-Security":    "max-age=31536000; includeSubDomains",
	"Referrer-Policy":              "no-referrer",
	"Cross-Origin-Resource-Policy": "same-origin",
	"Cross-Origin-Opener-Policy":   "same-origin",
}

var generatedID = regexp.MustCompile(`^[0-9a-f]{24}$`)

func TestRoutingSecurityHeadersAndRequestID(t *testing.T) {
	e := newEnv(t, map[string]string{"RATE_LIMIT_API": "8"})
	e.signup("ada") // two /api requests
	for _, tc := range []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/health", "", 200},
		{"GET", "/api/v1/auth/check-username?username=ada", "", 200},
		{"GET", "/nope", "", 404},
		{"POST", "/health", "", 405},
		{"GET", "/api/v1/auth/me", "", 401},
		{"POST", "/api/v1/auth/login", `{"identifier":`, 400},
		{"POST", "/api/v1/auth/login", loginBodyOfSize(bind.MaxJSONBody + 1000), 413},
		{"GET", "/api/v1/docs", "", 200},
		{"GET", "/api/v1/docs/json", "", 200},
		{"GET", "/api/v1/auth/check-username?username=ada", "", 429},
	} {
		var body io.Reader
		if tc.body != "" {
			body = strings.NewReader(tc.body)
		}
		rec := serveRaw(e, tc.method, tc.path, body, nil)
		if rec.Code != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, rec.Code, tc.status)
		}
		for k, want := range securityHeaders {
			if got := rec.Header().Get(k); got != want {
				t.Errorf("%s %s -> %d: %s = %q, want %q", tc.method, tc.path, rec.Code, k, got, want)
			}
		}
		if v, ok := rec.Header()["X-Powered-By"]; ok {
			t.Errorf("%s %s: X-Powered-By %q", tc.method, tc.path, v)
		}
		if id := rec.Header().Get("X-Request-Id"); !generatedID.MatchString(id) {
			t.Errorf("%s %s: X-Request-Id %q", tc.method, tc.path, id)
		}
	}

	a := serveRaw(e, "GET", "/health", nil, nil).Header().Get("X-Request-Id")
	b := serveRaw(e, "GET", "/health", nil, nil).Header().Get("X-Request-Id")
	if a == b {
		t.Errorf("two requests share the id %q", a)
	}
	for incoming, echoed := range map[string]bool{
		"req-42.abc_DEF":                    true,
		strings.Repeat("a", 64):             true,
		strings.Repeat("a", 65):             false,
		"evil id":                           false,
		"evil\nX-Injected: 1":               false,
		"evil\r\n\r\n<script>":              false,
		`{"json":"in","the":"log"}`:         false,
		"caf\u00e9":                         false,
		"../../etc/passwd%00":               false,
		"id;rm -rf":                         false,
		"tab\tinside":                       false,
		"0123456789abcdef0123456789abcdef0": true,
	} {
		got := serveRaw(e, "GET", "/health", nil, map[string]string{"X-Request-Id": incoming}).Header().Get("X-Request-Id")
		switch {
		case echoed && got != incoming:
			t.Errorf("X-Request-Id %q came back as %q", incoming, got)
		case !echoed && (got == incoming || !generatedID.MatchString(got)):
			t.Errorf("X-Request-Id %q was not replaced: %q", incoming, got)
		}
	}
}
