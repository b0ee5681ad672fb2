package docs

import (
	"net/http"
	"slices"
	"testing"

	"github.com/go-chi/chi/v5"
)

func TestUndocumentedAndUnserved(t *testing.T) {
	ok := func(http.ResponseWriter, *http.Request) {}
	r := chi.NewRouter()
	r.Get("/health/", ok) // trailing slash: same path as documented
	r.Options("/health", ok)
	r.Route("/api/v1/auth", func(r chi.Router) {
		r.Delete("/sessions/{sid:[0-9a-f]{24}}", ok) // other name, with a regexp
		r.Get("/whoami", ok)                         // not documented
		r.Head("/whoami", ok)
	})
	r.Route("/api/v1/video", func(r chi.Router) {
		r.Get("/", ok)                           // the prefix itself: "/api/v1/video/"
		r.Patch("/thumbnail/{id:[0-9a-f]+}", ok) // another parameter name
		r.Get("/{videoId}/stats", ok)            // not documented
	})
	r.Get("/static/*", ok)
	r.Mount(MountPath, Handler(MountPath))

	if got, want := Undocumented(r), []string{"GET /api/v1/auth/whoami", "GET /api/v1/video/{videoId}/stats"}; !slices.Equal(got, want) {
		t.Errorf("Undocumented = %q, want %q", got, want)
	}
	served := map[string]bool{
		"GET /health": true, "DELETE /api/v1/auth/sessions/{id}": true,
		"GET /api/v1/docs": true, "GET /api/v1/docs/json": true,
		"GET /api/v1/video": true, "PATCH /api/v1/video/thumbnail/{videoId}": true,
	}
	var want []string
	for _, op := range wantOperations {
		if !served[op] {
			want = append(want, op)
		}
	}
	if got := Unserved(r); !slices.Equal(got, want) {
		t.Errorf("Unserved:\n got %q\nwant %q", got, want)
	}
}

func TestOpKey(t *testing.T) {
	for in, want := range map[string]string{
		"GET /":                        "GET /",
		"GET /a/":                      "GET /a",
		"DELETE /s/{id}":               "DELETE /s/{}",
		"DELETE /s/{id:[0-9a-f]{24}}/": "DELETE /s/{}",
		"GET /a/{x}/b/{y}":             "GET /a/{}/b/{}",
	} {
		if got := opKey(in); got != want {
			t.Errorf("opKey(%q) = %q, want %q", in, got, want)
		}
	}
	if got := stripParamRegexps("/s/{id:[0-9a-f]{24}}/x"); got != "/s/{id}/x" {
		t.Errorf("stripParamRegexps = %q", got)
	}
}
