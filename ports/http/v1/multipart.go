package v1

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/ports/http/bind"
)

// Limits of the text fields of a multipart form.
const (
	maxFormFields    = 20
	maxFormFieldSize = 64 << 10
)

// Errors of multipart forms.
var (
	errUnexpectedField = errs.New(errs.Invalid, "Unexpected field")
	errMalformedForm   = errs.New(errs.Invalid, "Malformed multipart body")
)

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
// returned. A file under another field, a second file for a field, or too
// many or too large text fields end the read with an error. maxBody bounds
// the whole body.
func streamForm(w http.ResponseWriter, r *http.Request, maxBody int64, files map[string]fileHandler) (map[string]any, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errMalformedForm
	}
	fields := map[string]any{}
	seen := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return fields, nil
		}
		if err != nil {
			return nil, formError(err)
		}
		name := part.FormName()
		if part.FileName() != "" {
			handle, ok := files[name]
			if !ok || seen[name] {
				return nil, errUnexpectedField
			}
			seen[name] = true
			if err := handle(part); err != nil {
				return nil, sinkError(err)
			}
			continue
		}
		if len(fields) >= maxFormFields {
			return nil, errUnexpectedField
		}
		value, err := io.ReadAll(io.LimitReader(part, maxFormFieldSize+1))
		if err != nil {
			return nil, formError(err)
		}
		if len(value) > maxFormFieldSize {
			return nil, errs.New(errs.TooLarge, "Field value too long")
		}
		if prev, dup := fields[name]; dup {
			// A repeated field reads as an array, which the schema refuses.
			fields[name] = []any{prev, string(value)}
			continue
		}
		fields[name] = string(value)
	}
}

// formError maps a failure of the multipart reader: the body limit is 413,
// anything else a malformed body.
func formError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) || errors.Is(err, multipart.ErrMessageTooLarge) {
		return bind.ErrBodyTooLarge
	}
	return errMalformedForm.WithCause(err)
}

// sinkError maps a failure of a file handler: the body limit is 413 and
// anything else keeps its own kind (a storage outage stays a 500).
func sinkError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return bind.ErrBodyTooLarge
	}
	return err
}
