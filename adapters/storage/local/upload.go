package local

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/stagecast/stagecast/domain/errs"
)

// Messages of the upload endpoint beside those of respond.go.
const (
	msgUsed    = "This upload URL was already used"
	msgTooSlow = "Upload too slow"
)

// UploadGate reports whether a key still awaits its direct upload. The core
// answers it: a key that was claimed by a row, discarded or reaped is no
// longer pending, whatever its grant says.
type UploadGate func(ctx context.Context, key string) (bool, error)

// UploadHandler takes the direct uploads granted by SignUpload: PUT
// /uploads/<token>, the token being the last segment of the path. Each
// grant is single-use: it writes the object once, and only while pending
// says the key awaits its upload.
//
// It answers 403 {"success":false,"message":"Invalid or expired upload
// URL"} to a bad, tampered or expired token and to a key no longer pending,
// 415 when the Content-Type is not the signed one, 413
// {"success":false,"message":"request entity too large"} as soon as the
// body passes the signed maximum, 408 when the body comes slower than the
// router's pace rule allows, 409 when the object was already uploaded
// (a retry of an upload that succeeded), and 200
// {"success":true,"key":"<key>"} once the object is in place. Nothing is
// written in any refused case.
//
// It answers only PUT; CORS preflight for browsers on other origins is the
// router's job, as for the rest of the API.
func (s *Store) UploadHandler(pending UploadGate) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serveUpload(w, r, pending) })
}

func (s *Store) serveUpload(w http.ResponseWriter, r *http.Request, pending UploadGate) {
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
	// admit is asked before the body is read and again once it is on disk,
	// so that a grant whose key was claimed or discarded meanwhile, or that
	// expired during a slow upload, writes nothing.
	admit := func() error {
		if !s.now().Before(time.Unix(g.Exp, 0)) {
			return errBadGrant
		}
		ok, err := pending(r.Context(), g.Key)
		if err != nil {
			return err
		}
		if !ok {
			return errBadGrant
		}
		return nil
	}
	if err := admit(); err != nil {
		s.refuse(w, r, err)
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
	if _, err := s.Stat(r.Context(), g.Key); err == nil {
		fail(w, http.StatusConflict, msgUsed)
		return
	}
	// MaxBytesReader stops the stream one byte past the limit and makes
	// the server close the connection instead of draining the rest.
	body := &bodyReader{r: http.MaxBytesReader(w, r.Body, g.MaxSize)}
	if _, err := s.create(r.Context(), g.Key, body, r.ContentLength, admit); err != nil {
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			fail(w, http.StatusRequestEntityTooLarge, msgTooLarge)
		case errs.KindOf(body.err) == errs.Timeout:
			// The server's pace rule cut a body that came too slowly;
			// the connection is not worth keeping.
			w.Header().Set("Connection", "close")
			fail(w, http.StatusRequestTimeout, msgTooSlow)
		case body.err != nil:
			// The client went away or sent a broken body: its fault,
			// and it is probably no longer listening.
			fail(w, http.StatusBadRequest, msgInterrupted)
		default:
			s.refuse(w, r, err)
		}
		return
	}
	respond(w, http.StatusOK, struct {
		Success bool   `json:"success"`
		Key     string `json:"key"`
	}{true, g.Key})
}

// refuse answers a write that admit or the final placement turned down, or
// that failed on the server's side.
func (s *Store) refuse(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errBadGrant):
		fail(w, http.StatusForbidden, msgBadGrant)
	case errors.Is(err, errExists):
		fail(w, http.StatusConflict, msgUsed)
	default:
		s.log.ErrorContext(r.Context(), "local upload: put failed", "err", err)
		fail(w, http.StatusInternalServerError, msgInternal)
	}
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
