package cloudinaryfake

import (
	"bytes"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/stagecast/stagecast/app"
)

// versionSegment is the optional v<version>/ of a delivery URL.
var versionSegment = regexp.MustCompile(`^v\d+/`)

// deliver answers GET and HEAD of <resource_type>/upload/[v<n>/]<public_id>.<ext>,
// with ranges.
func (f *Fake) deliver(w http.ResponseWriter, r *http.Request, rest string) {
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	call := Call{Op: "delivery", Method: r.Method, Range: r.Header.Get("Range")}
	defer func() { call.Status = sw.status; f.record(call) }()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		sw.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	rt, p, ok := strings.Cut(rest, "/upload/")
	if !ok {
		sw.WriteHeader(http.StatusNotFound)
		return
	}
	p = versionSegment.ReplaceAllString(p, "")
	publicID, ext := p, ""
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') {
		publicID, ext = p[:i], p[i+1:]
	}
	call.ResourceType, call.PublicID = rt, publicID
	f.mu.Lock()
	a, found := f.assets[rt+"/"+publicID]
	f.mu.Unlock()
	if !found {
		// Cloudinary's CDN answers a bare 404 with an x-cld-error header.
		sw.Header().Set("X-Cld-Error", "Resource not found - "+publicID)
		sw.WriteHeader(http.StatusNotFound)
		return
	}
	if ext == "" {
		ext = a.format
	}
	sw.Header().Set("Content-Type", contentTypeOf(ext))
	sw.Header().Set("Cache-Control", "public, max-age=2592000")
	if a.data == nil && a.size > 0 {
		if r.Method != http.MethodHead {
			sw.WriteHeader(http.StatusInternalServerError)
			return
		}
		sw.Header().Set("Content-Length", strconv.FormatInt(a.size, 10))
		return
	}
	http.ServeContent(sw, r, "", a.modified, bytes.NewReader(a.data))
}

// contentTypeOf is the type an asset is delivered with, from the extension
// (without its dot) of the delivery URL or of the asset's format.
func contentTypeOf(ext string) string {
	if f, ok := app.FormatByExt("." + ext); ok {
		return f.MIME
	}
	return "application/octet-stream"
}

// destroy answers POST /v1_1/<cloud>/<resource_type>/destroy. An asset of
// another resource type is "not found", as on Cloudinary.
func (f *Fake) destroy(w http.ResponseWriter, r *http.Request, rt string) {
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	call := Call{Op: "destroy", Method: r.Method, ResourceType: rt}
	defer func() { call.Status = sw.status; f.record(call) }()
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		fail(sw, http.StatusBadRequest, "Invalid form")
		return
	}
	fields := map[string]string{}
	for k, v := range r.PostForm {
		fields[k] = v[0]
	}
	call.PublicID = fields["public_id"]
	if status, msg := f.verify(fields); status != 0 {
		fail(sw, status, msg)
		return
	}
	if call.PublicID == "" {
		fail(sw, http.StatusBadRequest, "Missing required parameter - public_id")
		return
	}
	f.mu.Lock()
	_, ok := f.assets[rt+"/"+call.PublicID]
	delete(f.assets, rt+"/"+call.PublicID)
	f.mu.Unlock()
	result := "not found"
	if ok {
		result = "ok"
	}
	writeJSON(sw, http.StatusOK, map[string]string{"result": result})
}

// ping answers the Admin API's GET /v1_1/<cloud>/ping, with basic auth.
func (f *Fake) ping(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() { f.record(Call{Op: "ping", Method: r.Method, Status: sw.status}) }()
	user, pass, ok := r.BasicAuth()
	if !ok || user != f.apiKey || pass != f.secret {
		fail(sw, http.StatusUnauthorized, "Invalid credentials")
		return
	}
	writeJSON(sw, http.StatusOK, map[string]string{"status": "ok"})
}
