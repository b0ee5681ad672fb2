package docs

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	swaggerfiles "github.com/swaggo/files/v2"

	"github.com/stagecast/stagecast/ports/http/web"
)

// MountPath is where the lead router mounts Handler, as api-v1.md fixes it.
const MountPath = "/api/v1/docs"

//go:embed ui/index.html ui/stagecast-init.js
var ui embed.FS

// initScript is the name under which ui/stagecast-init.js is served; it is
// distinct from the dist's own swagger-initializer.js, which points at the
// petstore demo and is never served.
const initScript = "stagecast-init.js"

// swaggerAssets are the files of the Swagger UI dist the page uses. The dist
// also holds a demo index.html, its initializer and an OAuth redirect page
// with inline scripts; an allow-list keeps those unreachable.
var swaggerAssets = map[string]bool{
	"swagger-ui.css":                      true,
	"swagger-ui.css.map":                  true,
	"swagger-ui-bundle.js":                true,
	"swagger-ui-bundle.js.map":            true,
	"swagger-ui-standalone-preset.js":     true,
	"swagger-ui-standalone-preset.js.map": true,
	"index.css":                           true,
	"favicon-16x16.png":                   true,
	"favicon-32x32.png":                   true,
}

// Handler serves the docs under prefix, the path it is mounted at (normally
// MountPath): the UI at "/" (so both prefix and prefix+"/"), the document at
// "/json", and the UI's assets below. Mount it with chi's Mount so that
// Undocumented and Unserved see its routes:
//
//	r.Mount(docs.MountPath, docs.Handler(docs.MountPath))
//
// The page refers to its assets by absolute paths under prefix because it is
// reached with and without a trailing slash, where relative paths would
// resolve to different directories. It has no inline script, so it works
// under the server's Content-Security-Policy (script-src 'self').
func Handler(prefix string) http.Handler {
	prefix = "/" + strings.Trim(prefix, "/")
	if prefix == "/" {
		prefix = "" // assets then live at "/swagger-ui.css", not "//swagger-ui.css"
	}
	index, indexErr := renderIndex(prefix)
	spec, specErr := documentJSON()

	r := chi.NewRouter()
	// Its own 405 handler, so that it does not inherit the authentication
	// of the surface it is mounted in.
	r.MethodNotAllowed(web.MethodNotAllowed)
	r.Get("/", func(w http.ResponseWriter, _ *http.Request) {
		if indexErr != nil {
			internalError(w)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(index)
	})
	r.Get("/json", func(w http.ResponseWriter, _ *http.Request) {
		if specErr != nil {
			internalError(w)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(spec)
	})
	// One wildcard route for every asset, so that route listings (and
	// Undocumented) show the two documented pages and nothing else.
	r.Get("/*", serveAsset)
	return r
}

// serveAsset serves the page's own script or an allow-listed dist file.
func serveAsset(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "*")
	var fsys fs.FS
	switch {
	case name == initScript:
		fsys, name = ui, "ui/"+initScript
	case swaggerAssets[name]:
		fsys = swaggerfiles.FS
	default:
		notFound(w)
		return
	}
	// ServeFileFS sets Content-Type from the extension (nosniff is on) and
	// answers Range and conditional requests.
	http.ServeFileFS(w, r, fsys, name)
}

// renderIndex fills the page template once; the prefix is fixed per handler.
func renderIndex(prefix string) ([]byte, error) {
	tmpl, err := template.ParseFS(ui, "ui/index.html")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, struct{ Prefix string }{prefix}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// documentJSON encodes the document once; it never changes at run time.
func documentJSON() ([]byte, error) {
	doc, err := Document()
	if err != nil {
		return nil, err
	}
	return json.Marshal(doc)
}

// The error bodies follow the /api/v1 envelope (api-v1.md Part 1: every
// response is JSON). Writing them here keeps this package free of the
// handler packages; the messages are the ones the error table uses.

func notFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, "Route not found")
}

func internalError(w http.ResponseWriter) {
	writeError(w, http.StatusInternalServerError, "Internal server error")
}

func writeError(w http.ResponseWriter, status int, message string) {
	body, _ := json.Marshal(struct {
		Success bool   `json:"success"`
		Message string `json:"message"`
	}{false, message})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
