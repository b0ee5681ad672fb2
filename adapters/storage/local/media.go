package local

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/app"
)

// mediaCacheControl lets browsers and CDNs keep media for a year without
// revalidating: the core never reuses a key for other bytes.
const mediaCacheControl = "public, max-age=31536000, immutable"

// MediaHandler serves GET and HEAD /media/<key> with http.ServeContent:
// byte ranges (206, 416), a strong ETag and Last-Modified with their
// conditional requests (304), a year of immutable caching, and
// Cross-Origin-Resource-Policy: cross-origin (replacing the same-origin the
// API's middleware sets) so that web clients on other origins can show the
// images and play the videos. The type comes from the extension, with
// nosniff. A missing object, an invalid key or a directory answers the
// API's JSON 404; nothing is ever listed.
//
// The key is the part of the path after the first "/media/"; without one
// (when mounted under http.StripPrefix("/media", ...)), the whole path.
func (s *Store) MediaHandler() http.Handler {
	return http.HandlerFunc(s.serveMedia)
}

func (s *Store) serveMedia(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		methodNotAllowed(w, "GET, HEAD")
		return
	}
	key := mediaKey(r.URL.Path)
	if storage.CheckKey(key) != nil {
		fail(w, http.StatusNotFound, msgNotFound)
		return
	}
	f, fi, err := s.open(key)
	if err != nil {
		if !errors.Is(err, app.ErrObjectNotFound) {
			s.log.ErrorContext(r.Context(), "local media: open failed", "err", err)
		}
		// A file that cannot be opened is, for a client, a file that is
		// not there; the cause is in the log.
		fail(w, http.StatusNotFound, msgNotFound)
		return
	}
	defer f.Close()

	h := w.Header()
	h.Set("Content-Type", storage.ContentType(key))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", mediaCacheControl)
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	h.Set("ETag", etag(key, fi.Size(), fi.ModTime().UnixNano()))
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

// mediaKey extracts the key from a request path.
func mediaKey(p string) string {
	if _, after, ok := strings.Cut(p, "/media/"); ok {
		return after
	}
	return strings.TrimPrefix(p, "/")
}

// etag is a strong validator of one version of an object: a replaced file
// has another mtime, and the key keeps two objects of equal size and time
// apart. The server's paths and clock stay out of what clients see.
func etag(key string, size, mtime int64) string {
	h := sha256.New()
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write(strconv.AppendInt(nil, size, 10))
	h.Write([]byte{0})
	h.Write(strconv.AppendInt(nil, mtime, 10))
	return `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}
