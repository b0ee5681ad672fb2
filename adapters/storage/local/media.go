package local

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/stagecast/stagecast/adapters/storage"
	"github.com/stagecast/stagecast/app"
)

// mediaCacheControl lets browsers and CDNs keep media for a year without
// revalidating: the core never reuses a key for other bytes.
const mediaCacheControl = "public, max-age=31536000, immutable"

// maxRanges bounds the byte ranges of one request. Players ask for one; a
// request for many tiny ranges only makes the server build a large
// multipart answer from a short header.
const maxRanges = 16

// MediaHandler serves GET and HEAD /media/<key> with http.ServeContent:
// byte ranges (206, 416), a strong ETag and Last-Modified with their
// conditional requests (304), a year of immutable caching, and
// Cross-Origin-Resource-Policy: cross-origin (replacing the same-origin the
// API's middleware sets) so that web clients on other origins can show the
// images and play the videos. The type comes from the extension, with
// nosniff. A missing object, an invalid key or a directory answers the
// API's JSON 404; nothing is ever listed. Every other error is JSON too:
// an unsatisfiable Range, or one of more than maxRanges ranges, is 416
// with Content-Range: bytes */<size>, and a failed If-Match or
// If-Unmodified-Since is 412.
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
	if n, empty := countRanges(r.Header.Get("Range")); n > maxRanges || empty {
		h.Set("Content-Range", "bytes */"+strconv.FormatInt(fi.Size(), 10))
		fail(w, http.StatusRequestedRangeNotSatisfiable, msgBadRange)
		return
	}
	http.ServeContent(&jsonErrors{ResponseWriter: w, s: s, r: r, size: fi.Size()}, r, "", fi.ModTime(), f)
}

// countRanges counts the ranges of a "bytes=" Range header, as
// http.ServeContent reads them (empty entries do not count), and reports
// whether one asks for the last zero bytes ("-0"), which RFC 9110 makes
// unsatisfiable but ServeContent answers with an empty 206.
func countRanges(header string) (n int, empty bool) {
	spec, ok := strings.CutPrefix(header, "bytes=")
	if !ok {
		return 0, false
	}
	for r := range strings.SplitSeq(spec, ",") {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		n++
		if suffix, ok := strings.CutPrefix(r, "-"); ok && strings.Trim(suffix, "0") == "" && suffix != "" {
			empty = true
		}
	}
	return n, empty
}

// jsonErrors turns the plain-text errors of http.ServeContent (416 with
// its Content-Range, 412, a failed read) into the API's JSON body. Its
// text is dropped: for a failed read it is the server's own error, which
// is logged instead.
type jsonErrors struct {
	http.ResponseWriter
	s      *Store
	r      *http.Request
	size   int64
	status int // of an error answer, once written
}

func (j *jsonErrors) WriteHeader(code int) {
	if code < 400 || j.status != 0 {
		j.ResponseWriter.WriteHeader(code)
		return
	}
	j.status = code
	message := map[int]string{
		http.StatusRequestedRangeNotSatisfiable: msgBadRange,
		http.StatusPreconditionFailed:           msgPrecondition,
	}[code]
	if code >= 500 {
		message = msgInternal
	}
	if message == "" {
		message = http.StatusText(code)
	}
	if code == http.StatusRequestedRangeNotSatisfiable && j.Header().Get("Content-Range") == "" {
		// ServeContent names the size only for ranges past the end, not
		// for malformed ones.
		j.Header().Set("Content-Range", "bytes */"+strconv.FormatInt(j.size, 10))
	}
	fail(j.ResponseWriter, code, message)
}

func (j *jsonErrors) Write(p []byte) (int, error) {
	if j.status == 0 {
		return j.ResponseWriter.Write(p)
	}
	if j.status >= 500 {
		j.s.log.ErrorContext(j.r.Context(), "local media: serve failed", "err", strings.TrimSpace(string(p)))
	}
	return len(p), nil
}

// ReadFrom keeps the copy of a file to the connection as fast as without
// the wrapper (sendfile).
func (j *jsonErrors) ReadFrom(src io.Reader) (int64, error) {
	if rf, ok := j.ResponseWriter.(io.ReaderFrom); ok && j.status == 0 {
		return rf.ReadFrom(src)
	}
	return io.Copy(struct{ io.Writer }{j}, src)
}

// Unwrap lets http.ResponseController reach the connection.
func (j *jsonErrors) Unwrap() http.ResponseWriter { return j.ResponseWriter }

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
