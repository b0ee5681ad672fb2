// Package web holds what every HTTP handler of Stagecast shares: the one
// table that maps error kinds to statuses, the error body of each surface
// (chosen by the surface a request is routed to), the success envelope of
// /api/v1 (which /health shares, as the reference's does), and the request
// id.
package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	json "github.com/goccy/go-json"

	"github.com/stagecast/stagecast/domain/errs"
)

// envelope is the success body of /api/v1. Data is left out when nil, as
// the reference does when a handler passes no data.
type envelope struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
	Data       any    `json:"data,omitempty"`
	Success    bool   `json:"success"`
}

// FieldError is one entry of the "errors" array of a validation failure.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// failure is the error body of /api/v1.
type failure struct {
	Success bool         `json:"success"`
	Message string       `json:"message"`
	Errors  []FieldError `json:"errors,omitempty"`
}

// ErrorBody builds the error body a surface answers with, from the public
// message and, for a validation failure, each broken rule.
type ErrorBody func(message string, fields []FieldError) any

// V1Errors is the error body of /api/v1:
// {"success":false,"message":...,"errors":[...]}. It is also the body of
// the paths no surface claims (/health, /media, unknown paths), as clients
// of /api/v1 were served.
func V1Errors(message string, fields []FieldError) any {
	return failure{Message: message, Errors: fields}
}

type errorBodyKey struct{}

// classicFailure is the error body of the classic /api surface.
type classicFailure struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

// ClassicErrors is the error body of the classic /api surface:
// {"error":...}, with "fields" naming each broken rule of a validation
// failure.
func ClassicErrors(message string, fields []FieldError) any {
	out := classicFailure{Error: message}
	if len(fields) > 0 {
		out.Fields = make(map[string]string, len(fields))
		for _, f := range fields {
			if _, seen := out.Fields[f.Field]; !seen {
				out.Fields[f.Field] = f.Message
			}
		}
	}
	return out
}

// WithErrorBody makes every error answered below it, by the shared
// middleware (rate limits, timeouts, panics, unknown routes) as by the
// surface's own handlers, use body.
func WithErrorBody(body ErrorBody) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), errorBodyKey{}, body)))
		})
	}
}

// errorBodyOf returns the error body of the surface r was routed to.
func errorBodyOf(r *http.Request) ErrorBody {
	if r != nil {
		if b, ok := r.Context().Value(errorBodyKey{}).(ErrorBody); ok {
			return b
		}
	}
	return V1Errors
}

// Respond writes a success envelope; data may be nil.
func Respond(w http.ResponseWriter, status int, message string, data any) {
	WriteJSON(w, status, envelope{StatusCode: status, Message: message, Data: data, Success: status < 400})
}

// EncodeEnvelope returns the body Respond writes, for a handler that
// renders its answer once and serves it many times (see WriteJSONBody).
func EncodeEnvelope(status int, message string, data any) ([]byte, error) {
	return encodeJSON(envelope{StatusCode: status, Message: message, Data: data, Success: status < 400})
}

// Fail writes the error body of r's surface for a message the caller
// chose.
func Fail(w http.ResponseWriter, r *http.Request, status int, message string) {
	WriteJSON(w, status, errorBodyOf(r)(message, nil))
}

// Error writes the error body for err. Kinds map to statuses in one table;
// internal errors are logged (with the request id, which the logger adds
// from the context) and shown only as "Internal server error". An error
// that the client's hanging up caused is none of these: it is answered
// StatusClientClosedRequest, for the access log, and not logged as a
// failure.
func Error(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	if ClientGone(r, err) {
		log.DebugContext(r.Context(), "request canceled by the client",
			"method", r.Method, "path", r.URL.Path, "err", err)
		WriteJSON(w, StatusClientClosedRequest, errorBodyOf(r)("Client closed request", nil))
		return
	}
	kind := errs.KindOf(err)
	status := StatusOf(kind)
	if kind == errs.Internal || kind == errs.Unavailable {
		log.ErrorContext(r.Context(), "request failed",
			"method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	}
	var fields []FieldError
	for _, f := range errs.FieldsOf(err) {
		fields = append(fields, FieldError{Field: f.Field, Message: f.Message})
	}
	WriteJSON(w, status, errorBodyOf(r)(errs.PublicMessage(err), fields))
}

// WriteJSON writes v as the JSON body with status. HTML characters are not
// escaped, so URLs read as clients of /api/v1 expect ("&", not "\u0026").
func WriteJSON(w http.ResponseWriter, status int, v any) {
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer putBodyBuffer(buf)
	b, err := encodeJSONInto(buf, v)
	if err != nil {
		status = http.StatusInternalServerError // only a programming error gets here
		b = []byte(`{"success":false,"message":"Internal server error"}`)
	}
	// A ResponseWriter keeps nothing of what it is given to write, so the
	// buffer can serve the next response once this one is written.
	WriteJSONBody(w, status, b)
}

// bodyBuffers are the buffers WriteJSON encodes bodies into. A page of a
// list is some kilobytes of JSON: encoding each into a new buffer grew it
// from nothing in steps, a sixth of all the memory a list request
// allocated.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBody is the largest buffer bodyBuffers keeps: a rare large
// body (a long unpaged list) is left to the collector rather than held
// by the pool for every later response.
const maxPooledBody = 64 << 10

func putBodyBuffer(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledBody {
		return
	}
	buf.Reset()
	bodyBuffers.Put(buf)
}

// jsonType and noStore are the values of two headers of every JSON
// answer, made once rather than by a Set per response. Every response
// shares them: a handler that sets either header replaces the slice, and
// one that adds to it appends to a slice with no room, which copies.
var (
	jsonType = []string{"application/json; charset=utf-8"}[:1:1]
	noStore  = []string{"no-store"}[:1:1]
)

// WriteJSONBody writes body, a JSON document, with status and the headers
// of WriteJSON.
func WriteJSONBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"], h["Cache-Control"] = jsonType, noStore
	// With its length known the body goes out as it is, not in chunks:
	// fewer writes to the connection for a page of a list.
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// encodeJSON encodes v as WriteJSON writes it. It uses goccy/go-json, a
// drop-in encoder that writes what encoding/json writes (the tests of every
// route compare bodies) in under half the time: a page of a list spends
// more on encoding than on most of its middleware.
func encodeJSON(v any) ([]byte, error) {
	return encodeJSONInto(new(bytes.Buffer), v)
}

// encodeJSONInto encodes v as encodeJSON does into buf, which must be
// empty, and returns buf's bytes.
func encodeJSONInto(buf *bytes.Buffer, v any) ([]byte, error) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
