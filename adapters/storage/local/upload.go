package local

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
)

// UploadHandler takes the direct uploads granted by SignUpload: PUT
// /uploads/<token>, the token being the last segment of the path. It
// answers 403 {"success":false,"message":"Invalid or expired upload URL"}
// to a bad, tampered or expired token, 415 when the Content-Type is not the
// signed one, 413 {"success":false,"message":"request entity too large"}
// as soon as the body passes the signed maximum (and stores nothing), and
// 200 {"success":true,"key":"<key>"} once the object is in place.
//
// It answers only PUT; CORS preflight for browsers on other origins is the
// router's job, as for the rest of the API.
func (s *Store) UploadHandler() http.Handler {
	return http.HandlerFunc(s.serveUpload)
}

func (s *Store) serveUpload(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPut {
		methodNotAllowed(w, "PUT")
		return
	}
	tok := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	g, err := s.openGrant(tok)
	if err != nil {
		fail(w, http.StatusForbidden, msgBadGrant)
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || !strings.EqualFold(mt, g.ContentType) {
		fail(w, http.StatusUnsupportedMediaType, msgWrongType)
		return
	}
	if r.ContentLength > g.MaxSize {
		fail(w, http.StatusRequestEntityTooLarge, msgTooLarge)
		return
	}
	// MaxBytesReader stops the stream one byte past the limit and makes
	// the server close the connection instead of draining the rest.
	body := &bodyReader{r: http.MaxBytesReader(w, r.Body, g.MaxSize)}
	if _, err := s.Put(r.Context(), g.Key, g.ContentType, body, r.ContentLength); err != nil {
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			fail(w, http.StatusRequestEntityTooLarge, msgTooLarge)
		case body.err != nil:
			// The client went away or sent a broken body: its fault,
			// and it is probably no longer listening.
			fail(w, http.StatusBadRequest, msgInterrupted)
		default:
			s.log.ErrorContext(r.Context(), "local upload: put failed", "err", err)
			fail(w, http.StatusInternalServerError, msgInternal)
		}
		return
	}
	respond(w, http.StatusOK, struct {
		Success bool   `json:"success"`
		Key     string `json:"key"`
	}{true, g.Key})
}

// bodyReader remembers a failed read of the request body, which tells a
// client's fault from the server's when Put fails.
type bodyReader struct {
	r   io.Reader
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}
