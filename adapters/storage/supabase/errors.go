package supabase

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/stagecast/stagecast/adapters/storage/internal/httpx"
	"github.com/stagecast/stagecast/app"
)

// APIError is an error answer of Supabase Storage. Its text has the HTTP
// status and the service's error and message, never the object key.
type APIError struct {
	// Status is the HTTP status.
	Status int
	// Code is the body's statusCode. Supabase Storage long answered 400
	// for every client error and put the real status here; some
	// deployments still do.
	Code int
	// Err and Message are the body's error and message.
	Err, Message string
}

// Error implements error.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "status %d", e.Status)
	if e.Code != 0 && e.Code != e.Status {
		fmt.Fprintf(&b, " (statusCode %d)", e.Code)
	}
	if e.Err != "" {
		b.WriteString(": " + e.Err)
	}
	if e.Message != "" && e.Message != e.Err {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// Is makes errors.Is(err, app.ErrObjectNotFound) true for a 404, whether
// in the HTTP status or, from older deployments, in the body, unless the
// body says that the bucket is missing: that is a configuration error,
// not a missing object.
func (e *APIError) Is(target error) bool {
	return target == app.ErrObjectNotFound && e.notFound()
}

func (e *APIError) notFound() bool {
	if strings.EqualFold(e.Err, "Bucket not found") {
		return false
	}
	return e.Status == http.StatusNotFound || (e.Status == http.StatusBadRequest && e.Code == http.StatusNotFound)
}

// apiError reads an error answer. key, when set, is replaced in the
// service's message: some messages quote the path, and keys carry user
// ids that have no place in logs.
func apiError(resp *http.Response, key string) *APIError {
	e := &APIError{Status: resp.StatusCode}
	var body struct {
		StatusCode json.RawMessage `json:"statusCode"` // "404" or 404
		Error      string          `json:"error"`
		Message    string          `json:"message"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<10))
	if json.Unmarshal(raw, &body) == nil {
		e.Code, _ = strconv.Atoi(strings.Trim(string(body.StatusCode), `"`))
		e.Err, e.Message = httpx.Clean(body.Error, key), httpx.Clean(body.Message, key)
	}
	return e
}
