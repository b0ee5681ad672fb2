// Package docstest checks, in tests, that HTTP responses match the OpenAPI
// document of package docs: the status must be documented for the operation,
// and the headers and body must match its schemas. Running every HTTP test's
// responses through a Checker keeps the published document true.
package docstest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/stagecast/stagecast/ports/http/docs"
)

// Checker validates responses against the document and records which
// operations and statuses were seen. It is safe for concurrent use, so one
// Checker can serve parallel subtests.
type Checker struct {
	doc    *openapi3.T
	router routers.Router

	mu   sync.Mutex
	seen map[string]map[int]bool // operation -> statuses seen
}

// NewChecker loads its own copy of the document, so that nothing a test does
// with it can reach the copy the server shares. It fails t if the document
// does not load.
func NewChecker(t testing.TB) *Checker {
	t.Helper()
	doc, err := docs.Load()
	if err != nil {
		t.Fatalf("docstest: %v", err)
	}
	// Requests reach the checker as paths (see route), so the document's
	// relative server "/" must not take part in matching.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatalf("docstest: build router: %v", err)
	}
	return &Checker{doc: doc, router: router, seen: make(map[string]map[int]bool)}
}

// Check fails t unless the response (status, header, body) to req is one the
// document allows for req's operation. A request that matches no documented
// operation fails too.
func (c *Checker) Check(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if err := c.Validate(req, status, header, body); err != nil {
		t.Errorf("docstest: %s %s -> %d: %v\nbody: %s", req.Method, req.URL.Path, status, err, clip(body))
	}
}

// CheckRecorder is Check for a response recorded by httptest.
func (c *Checker) CheckRecorder(t testing.TB, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	res := rec.Result()
	c.Check(t, req, res.StatusCode, res.Header, rec.Body.Bytes())
}

// CheckResponse is Check for a response from an http.Client (res.Request is
// the request). It reads the body and puts it back, so the test can still
// read it afterwards.
func (c *Checker) CheckResponse(t testing.TB, res *http.Response) {
	t.Helper()
	if res.Request == nil {
		t.Fatalf("docstest: response has no request")
	}
	body, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("docstest: read body: %v", err)
	}
	c.Check(t, res.Request, res.StatusCode, res.Header, body)
}

// Validate is Check without the test: it returns why the response does not
// match the document, or nil. Tests of the checker itself use it to assert
// that a bad response is refused.
func (c *Checker) Validate(req *http.Request, status int, header http.Header, body []byte) error {
	routed := route(req)
	lookup := routed
	if req.Method == http.MethodHead {
		// HEAD is answered by the GET handler and not documented apart. Only
		// its status is checked: ValidateResponse skips HEAD, having no body.
		lookup = routed.Clone(routed.Context())
		lookup.Method = http.MethodGet
	}
	r, params, err := c.router.FindRoute(lookup)
	if err != nil {
		return fmt.Errorf("no documented operation for %s %s: %w", req.Method, routed.URL.Path, err)
	}
	c.record(r.Method+" "+r.Path, status)

	if responses := r.Operation.Responses; responses.Status(status) == nil && responses.Default() == nil {
		return fmt.Errorf("status %d is not documented for %s %s (documented: %s)",
			status, r.Method, r.Path, strings.Join(slices.Sorted(maps.Keys(responses.Map())), ", "))
	}
	if header == nil {
		header = http.Header{}
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: routed, PathParams: params, Route: r,
		},
		Status: status,
		Header: header,
		Options: &openapi3filter.Options{
			// An undocumented status is a documentation bug, not a pass.
			IncludeResponseStatus: true,
			MultiError:            true,
			// Credentials are the handlers' business; only shapes are checked.
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			// The schema and value dumps run to pages; Check prints the body.
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()},
		},
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.Background(), in)
}

// Unexercised lists, sorted, the documented operations ("METHOD /path") that
// no checked response has exercised, so a suite can assert full coverage.
func (c *Checker) Unexercised() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, op := range docs.Operations(c.doc) {
		if len(c.seen[op]) == 0 {
			out = append(out, op)
		}
	}
	return out
}

// UnexercisedResponses lists, sorted, the documented responses ("METHOD
// /path STATUS") that no checked response has exercised: a finer coverage
// for suites that test every status of every route.
func (c *Checker) UnexercisedResponses() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, op := range docs.Operations(c.doc) {
		method, path, _ := strings.Cut(op, " ")
		operation := c.doc.Paths.Value(path).GetOperation(method)
		for code := range operation.Responses.Map() {
			status, err := strconv.Atoi(code)
			if err != nil {
				continue // "default" or a range such as "5XX": no single status to see
			}
			if !c.seen[op][status] {
				out = append(out, op+" "+code)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (c *Checker) record(op string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[op] == nil {
		c.seen[op] = make(map[int]bool)
	}
	c.seen[op][status] = true
}

// route returns the copy of req the router matches: path and query only
// (a client request carries a full URL, which the router does not expect),
// no trailing slash, since every route answers with and without one, and
// lower case under /api, whose paths match whatever their case.
func route(req *http.Request) *http.Request {
	path := req.URL.Path
	if lower := strings.ToLower(path); lower == "/api" || strings.HasPrefix(lower, "/api/") {
		path = lower
	}
	for len(path) > 1 && path[len(path)-1] == '/' {
		path = path[:len(path)-1]
	}
	r := req.Clone(req.Context())
	r.URL = &url.URL{Path: path, RawQuery: req.URL.RawQuery}
	r.RequestURI = ""
	return r
}

// clip shortens a body for the test log.
func clip(body []byte) []byte {
	const limit = 2048
	if len(body) > limit {
		return append(body[:limit:limit], "..."...)
	}
	return body
}
