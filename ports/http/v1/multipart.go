package v1

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/stagecast/stagecast/app/uploads"
	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/ports/http/bind"
	"github.com/stagecast/stagecast/ports/http/mid"
)

// Limits of a multipart form.
const (
	// maxFormParts counts text and file parts together.
	maxFormParts = 20
	// maxFormText bounds the values of all text fields together.
	maxFormText = 64 << 10
)

// Errors of multipart forms.
var (
	errUnexpectedField = errs.New(errs.Invalid, "Unexpected field")
	errMalformedForm   = errs.New(errs.Invalid, "Malformed multipart body")
	errTooManyParts    = errs.New(errs.Invalid, "Too many parts")
	errFieldTooLong    = errs.New(errs.TooLarge, "Field value too long")
	// errFormOverhead ends a body whose part headers and boundaries pass
	// formSlack.
	errFormOverhead = errors.New("multipart overhead over its limit")
)

// pace is the slowest an upload body may arrive: rate bytes per second on
// average over each window of waiting for the client.
type pace struct {
	rate   int64
	window time.Duration
}

// uploadPace is the pace of every upload: uploads.MinUploadRate, averaged over
// mid.UploadWindow so that a client on a poor network may stall a while.
func uploadPace() pace { return pace{rate: uploads.MinUploadRate, window: mid.UploadWindow} }

// fileHandler consumes one file part of a form.
type fileHandler func(part io.Reader) error

// isMultipart reports whether the request carries a multipart form.
func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data"
}

// streamForm reads a multipart body part by part, never holding a file in
// memory or on disk: each file part goes straight to the handler of its
// field, which may accept one file; text fields are collected and
// returned. A file under another field, a second file for a field, a
// repeated text field, more than maxFormParts parts or more than
// maxFormText bytes of text end the read at once with an error. maxBody
// bounds the whole body, formSlack what it carries besides files, and p
// how slowly it may arrive (408 when slower).
func streamForm(w http.ResponseWriter, r *http.Request, maxBody int64, p pace, files map[string]fileHandler) (map[string]any, error) {
	mid.BodyMinRate(r, p.rate, p.window)
	body := &overheadReader{r: http.MaxBytesReader(w, r.Body, maxBody), left: formSlack}
	r.Body = struct {
		io.Reader
		io.Closer
	}{body, r.Body}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errMalformedForm
	}
	fields := map[string]any{}
	seen := map[string]bool{}
	textLeft := int64(maxFormText)
	for parts := 1; ; parts++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return fields, nil
		}
		if err != nil {
			return nil, formError(err)
		}
		if parts > maxFormParts {
			return nil, errTooManyParts
		}
		name := part.FormName()
		if part.FileName() != "" {
			handle, ok := files[name]
			if !ok || seen[name] {
				return nil, errUnexpectedField
			}
			seen[name] = true
			if err := handle(body.content(part)); err != nil {
				if body.err != nil {
					// The body failed under the handler (too slow, too
					// large, cut off): that is the answer, whatever the
					// handler made of it.
					return nil, formError(body.err)
				}
				if body.partErr != nil {
					// The part itself was malformed: it ended without
					// its boundary, or its transfer encoding was bad.
					return nil, formError(body.partErr)
				}
				return nil, sinkError(err)
			}
			continue
		}
		if _, dup := fields[name]; dup {
			// A repeated field would read as an array, which no schema
			// takes; refusing it now keeps the copies out of memory.
			return nil, errs.InvalidFields(errs.FieldError{Field: name, Message: "Invalid input: expected string, received array"})
		}
		value, err := io.ReadAll(io.LimitReader(part, textLeft+1))
		if err != nil {
			return nil, formError(err)
		}
		if int64(len(value)) > textLeft {
			return nil, errFieldTooLong
		}
		textLeft -= int64(len(value))
		fields[name] = string(value)
	}
}

// overheadReader reads a multipart body and fails once the bytes that are
// not file content (part headers, boundaries, text) pass left, so that
// neither headers nor preambles can fill memory. Bytes read ahead of a
// file part's reader count as overhead until the file consumes them.
// It remembers the first failed read of the body, and of a file part.
type overheadReader struct {
	r               io.Reader
	read, fileBytes int64
	left            int64
	err, partErr    error
}

func (o *overheadReader) Read(p []byte) (int, error) {
	n, err := o.r.Read(p)
	o.read += int64(n)
	if o.read-o.fileBytes > o.left {
		err = errFormOverhead
	}
	if err != nil && !errors.Is(err, io.EOF) && o.err == nil {
		o.err = err
	}
	return n, err
}

// content wraps a file part so that what it delivers counts as content.
func (o *overheadReader) content(part io.Reader) io.Reader {
	return readerFunc(func(p []byte) (int, error) {
		n, err := part.Read(p)
		o.fileBytes += int64(n)
		if err != nil && !errors.Is(err, io.EOF) && o.partErr == nil {
			o.partErr = err
		}
		return n, err
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// formError maps a failure of the multipart reader: the body limits are
// 413, a body too slow 408, anything else a malformed body.
func formError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) || errors.Is(err, multipart.ErrMessageTooLarge) || errors.Is(err, errFormOverhead) {
		return bind.ErrBodyTooLarge
	}
	var slow *errs.Error
	if errors.As(err, &slow) && slow.Kind == errs.Timeout {
		return slow
	}
	return errMalformedForm.WithCause(err)
}

// sinkError maps a failure of a file handler: the body limit is 413 and
// anything else keeps its own kind (a storage outage stays a 500).
func sinkError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) || errors.Is(err, errFormOverhead) {
		return bind.ErrBodyTooLarge
	}
	return err
}
