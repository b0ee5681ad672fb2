// Package docs owns the OpenAPI 3 document of the /api/v1 surface and serves
// it, with a Swagger UI built from assets inside the binary, so the docs work
// offline and always describe the code they ship with.
//
// The document is hand-written (openapi.yaml) rather than generated from
// handlers: the wire contract is fixed by api-v1.md, and the tests of the
// HTTP layer validate real responses against it (see package docstest), so
// the document and the handlers cannot drift apart silently.
package docs

import (
	"context"
	_ "embed"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed openapi.yaml
var spec []byte

// Load parses and validates the embedded document and returns a fresh copy,
// which the caller may change freely (for example to set servers).
func Load() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	// The document is self-contained; refusing external references keeps
	// loading offline and deterministic.
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("docs: parse openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("docs: validate openapi.yaml: %w", err)
	}
	return doc, nil
}

// document caches the parsed document: it is embedded, so parsing it more
// than once can only give the same answer.
var document = sync.OnceValues(Load)

// Document returns the embedded document, parsed and validated once. It is
// shared: treat it as read-only, and use Load for a copy to change.
func Document() (*openapi3.T, error) {
	return document()
}
