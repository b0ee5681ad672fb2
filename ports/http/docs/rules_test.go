package docs

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestEveryOperationListsItsErrors holds the document to the error statuses
// api-v1.md gives every route, so a new operation cannot forget them.
func TestEveryOperationListsItsErrors(t *testing.T) {
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			want := []string{"500"}
			if strings.HasPrefix(path, "/api/") {
				want = append(want, "429") // only /api is rate-limited
			}
			if op.RequestBody != nil {
				want = append(want, "400", "413")
			}
			// No top-level security exists, so a public operation must say
			// so with "security: []"; anything else is taken as protected.
			if op.Security == nil || len(*op.Security) > 0 {
				want = append(want, "401")
			}
			for _, code := range want {
				if op.Responses.Value(code) == nil {
					t.Errorf("%s does not document %s", name, code)
				}
			}
			for code, res := range op.Responses.Map() {
				if code >= "400" && res.Value.Content.Get("application/json") == nil {
					t.Errorf("%s %s: error body is not JSON", name, code)
				}
			}
		}
	}
}

// TestResponseObjectsAreClosed makes sure every object a response can hold
// refuses undocumented fields, which is what lets docstest catch a handler
// that adds one. The OpenAPI document itself and string maps are the only
// open objects.
func TestResponseObjectsAreClosed(t *testing.T) {
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	open := doc.Components.Schemas["OpenAPIDocument"].Value
	seen := make(map[*openapi3.Schema]bool)
	var walk func(where string, s *openapi3.Schema)
	walk = func(where string, s *openapi3.Schema) {
		if s == nil || seen[s] || s == open {
			return
		}
		seen[s] = true
		if s.Type.Is("object") {
			ap := s.AdditionalProperties
			closed := ap.Has != nil && !*ap.Has
			typedMap := ap.Schema != nil && ap.Schema.Value.Type.Is("string")
			if !closed && !typedMap {
				t.Errorf("%s: object without additionalProperties: false", where)
			}
		}
		for name, p := range s.Properties {
			walk(where+"."+name, p.Value)
		}
		if s.Items != nil {
			walk(where+"[]", s.Items.Value)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code, res := range op.Responses.Map() {
				for mime, mt := range res.Value.Content {
					if mt.Schema != nil {
						walk(method+" "+path+" "+code+" "+mime, mt.Schema.Value)
					}
				}
			}
		}
	}
}
