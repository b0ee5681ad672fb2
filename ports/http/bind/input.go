// Package bind reads request bodies and query strings and checks them
// against a schema, with the messages clients of /api/v1 expect.
//
// A schema is an ordered list of fields, and each field an ordered list of
// steps: transformations (trim, lower-case) and checks. Checks run through
// go-playground/validator, and, as the reference's validators do, a field
// keeps being checked after a failure, so one field can report several
// broken rules. The order of steps matters: a length check before Trim sees
// the untrimmed text.
package bind

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/stagecast/stagecast/domain/errs"
	"github.com/stagecast/stagecast/domain/text"
	"github.com/stagecast/stagecast/ports/http/mid"
)

// Limits of JSON and form bodies: their size, and how long they may take
// to arrive (a client sending 64 KB more slowly only holds a connection).
// The size fits the longest text a body carries, a post of 5,000
// characters, even when each is an emoji that a client escapes as a
// surrogate pair ("\ud83c\udfb5", 12 bytes).
const (
	MaxJSONBody = 64 << 10
	MaxBodyTime = 10 * time.Second
)

// Errors of reading a body.
var (
	ErrBodyTooLarge = errs.New(errs.TooLarge, "request entity too large")
	ErrMalformed    = errs.New(errs.Invalid, "Malformed JSON in request body")
)

// Input is a decoded request body or query string.
type Input struct {
	kind   string         // JSON type of the whole input: "object", "array", "undefined", ...
	fields map[string]any // values when kind is "object"
}

// Body reads a JSON or URL-encoded form body of at most MaxJSONBody bytes,
// arriving within MaxBodyTime (under mid.BodyDeadlines; a timeout is
// mid.ErrBodyTimeout). A body of another or no content type reads as
// absent ("undefined"), like a body no parser accepted.
func Body(w http.ResponseWriter, r *http.Request) (Input, error) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/json" && mediaType != "application/x-www-form-urlencoded" {
		return Input{kind: "undefined"}, nil
	}
	mid.BodyWithin(r, MaxBodyTime)
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return Input{}, ErrBodyTooLarge
	}
	if errs.KindOf(err) == errs.Timeout {
		return Input{}, err
	}
	if err != nil {
		return Input{}, ErrMalformed.WithCause(err)
	}
	if mediaType == "application/x-www-form-urlencoded" {
		v, err := url.ParseQuery(string(raw))
		if err != nil {
			return Input{}, errs.New(errs.Invalid, "Malformed form body")
		}
		return fromValues(v), nil
	}
	if !utf8.Valid(raw) {
		// JSON is UTF-8, and the decoder would silently turn the bad bytes
		// into U+FFFD; a form's bytes are checked field by field instead.
		return Input{}, errs.InvalidFields(errs.FieldError{Field: "body", Message: text.MsgEncoding})
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		// An empty JSON body parses as an empty object, so that the
		// missing fields are named.
		return Input{kind: "object", fields: map[string]any{}}, nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil || dec.More() {
		return Input{}, ErrMalformed
	}
	if m, ok := v.(map[string]any); ok {
		return Input{kind: "object", fields: m}, nil
	}
	return Input{kind: typeName(v)}, nil
}

// Query reads the query string. A repeated key reads as an array.
func Query(r *http.Request) Input {
	return fromValues(r.URL.Query())
}

func fromValues(v url.Values) Input {
	m := make(map[string]any, len(v))
	for k, vals := range v {
		if len(vals) == 1 {
			m[k] = vals[0]
			continue
		}
		arr := make([]any, len(vals))
		for i, s := range vals {
			arr[i] = s
		}
		m[k] = arr
	}
	return Input{kind: "object", fields: m}
}

// typeName names a decoded JSON value's type as the validation messages do.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "undefined"
}
