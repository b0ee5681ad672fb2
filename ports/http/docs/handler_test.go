package docs

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// server mounts the docs as the lead router does, so the tests see the paths
// clients see, with and without the trailing slash.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	r := chi.NewRouter()
	r.Mount(MountPath, Handler(MountPath))
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, []byte) {
	t.Helper()
	res, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

func mediaType(t *testing.T, res *http.Response) string {
	t.Helper()
	mt, _, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", res.Header.Get("Content-Type"), err)
	}
	return mt
}

func TestHandlerServesDocumentJSON(t *testing.T) {
	res, body := get(t, server(t), MountPath+"/json")
	if res.StatusCode != http.StatusOK || mediaType(t, res) != "application/json" {
		t.Fatalf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Info    struct{ Title string }    `json:"info"`
		Paths   map[string]map[string]any `json:"paths"`
		Success *bool                     `json:"success"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.OpenAPI != "3.0.3" || doc.Info.Title != "Stagecast API" || doc.Success != nil {
		t.Errorf("openapi %q, title %q, enveloped %v", doc.OpenAPI, doc.Info.Title, doc.Success != nil)
	}
	for _, op := range wantOperations {
		method, path, _ := strings.Cut(op, " ")
		if doc.Paths[path][strings.ToLower(method)] == nil {
			t.Errorf("served document lacks %s", op)
		}
	}
}

func TestHandlerServesUI(t *testing.T) {
	srv := server(t)
	// A script element with content, or an event-handler attribute, is
	// inline script: script-src 'self' and script-src-attr 'none' block it.
	inlineScript := regexp.MustCompile(`(?is)<script(?:\s[^>]*)?>\s*[^<\s]`)
	handlerAttr := regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	for _, path := range []string{MountPath, MountPath + "/"} {
		res, body := get(t, srv, path)
		if res.StatusCode != http.StatusOK || mediaType(t, res) != "text/html" {
			t.Fatalf("%s: status %d, Content-Type %q", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		page := string(body)
		if inlineScript.MatchString(page) || handlerAttr.MatchString(page) {
			t.Errorf("%s: page has inline script, which the CSP blocks:\n%s", path, page)
		}
		// Every asset the page names must be served, from an absolute path
		// so the page works with and without the trailing slash.
		for _, m := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1) {
			if !strings.HasPrefix(m[1], MountPath+"/") {
				t.Errorf("%s: asset %q is not under %s/", path, m[1], MountPath)
				continue
			}
			if res, _ := get(t, srv, m[1]); res.StatusCode != http.StatusOK {
				t.Errorf("%s: asset %s: status %d", path, m[1], res.StatusCode)
			}
		}
	}
}

func TestHandlerServesAssets(t *testing.T) {
	srv := server(t)
	for path, want := range map[string]string{
		"/swagger-ui-bundle.js":            "text/javascript",
		"/swagger-ui-standalone-preset.js": "text/javascript",
		"/stagecast-init.js":               "text/javascript",
		"/swagger-ui.css":                  "text/css",
		"/favicon-32x32.png":               "image/png",
	} {
		res, body := get(t, srv, MountPath+path)
		if res.StatusCode != http.StatusOK || mediaType(t, res) != want || len(body) == 0 {
			t.Errorf("%s: status %d, Content-Type %q, %d bytes; want 200 %s",
				path, res.StatusCode, res.Header.Get("Content-Type"), len(body), want)
		}
	}
	res, body := get(t, srv, MountPath+"/stagecast-init.js")
	if res.StatusCode == http.StatusOK && !strings.Contains(string(body), `"./json"`) {
		t.Error("initializer does not load ./json")
	}
}

func TestHandlerHidesOtherDistFiles(t *testing.T) {
	srv := server(t)
	// The dist's demo page, petstore initializer and OAuth page (inline
	// scripts) must not be reachable, nor anything outside the dist.
	for _, path := range []string{"/index.html", "/swagger-initializer.js", "/oauth2-redirect.html", "/../docs.go", "/ui/index.html", "/nope.js"} {
		res, body := get(t, srv, MountPath+path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
			continue
		}
		if mediaType(t, res) != "application/json" || !strings.Contains(string(body), `"success":false`) {
			t.Errorf("%s: 404 body %q is not the JSON error", path, body)
		}
	}
}

func TestHandlerNormalisesPrefix(t *testing.T) {
	for _, prefix := range []string{"api/v1/docs/", "/api/v1/docs/", MountPath} {
		rec := httptest.NewRecorder()
		Handler(prefix).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		if !strings.Contains(rec.Body.String(), `src="/api/v1/docs/stagecast-init.js"`) {
			t.Errorf("Handler(%q): page does not load /api/v1/docs/stagecast-init.js:\n%s", prefix, rec.Body)
		}
	}
}
