package mid

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Every response gets securityHeaders, and what one handler does to them
// reaches no other response.
func TestSecurityHeadersShared(t *testing.T) {
	t.Parallel()
	h := SecurityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/media" {
			w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
			w.Header().Add("X-Frame-Options", "DENY")
		}
	}))
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest(http.MethodGet, "/media", nil))
	if got := first.Header().Get("Cross-Origin-Resource-Policy"); got != "cross-origin" {
		t.Fatalf("overridden header %q", got)
	}
	if got := first.Header().Values("X-Frame-Options"); len(got) != 2 {
		t.Fatalf("added header %q", got)
	}
	second := httptest.NewRecorder()
	h.ServeHTTP(second, httptest.NewRequest(http.MethodGet, "/", nil))
	for k, want := range securityHeaders {
		if got := second.Header().Values(k); len(got) != 1 || got[0] != want {
			t.Fatalf("%s: %q, want [%q]", k, got, want)
		}
	}
}
