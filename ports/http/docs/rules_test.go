package docs

import (
	"fmt"
	"slices"
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
				want = append(want, "400", "408", "413")
			}
			// A path id that is not 24 hex digits is 400 "Invalid ID".
			for _, p := range append(item.Parameters, op.Parameters...) {
				if p.Value.In == openapi3.ParameterInPath {
					want = append(want, "400")
				}
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
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for i, sub := range group {
				walk(fmt.Sprintf("%s<%d>", where, i), sub.Value)
			}
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

// responseSchemas calls visit for every schema a response body can hold,
// each once, with where it was found.
func responseSchemas(t *testing.T, visit func(where, name string, s *openapi3.Schema)) {
	t.Helper()
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	open := doc.Components.Schemas["OpenAPIDocument"].Value
	seen := make(map[*openapi3.Schema]bool)
	var walk func(where, name string, s *openapi3.Schema)
	walk = func(where, name string, s *openapi3.Schema) {
		if s == nil || s == open {
			return
		}
		visit(where, name, s)
		if seen[s] {
			return
		}
		seen[s] = true
		for n, p := range s.Properties {
			walk(where+"."+n, n, p.Value)
		}
		if s.Items != nil {
			walk(where+"[]", "", s.Items.Value)
		}
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, sub := range group {
				walk(where, name, sub.Value)
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code, res := range op.Responses.Map() {
				for mime, mt := range res.Value.Content {
					if mt.Schema != nil {
						walk(method+" "+path+" "+code+" "+mime, "", mt.Schema.Value)
					}
				}
			}
		}
	}
}

// TestResponseConventions holds every response field to the formats the
// handlers write: ids are 24 lower-case hex digits and dates are UTC with
// milliseconds, so docstest refuses any other spelling.
func TestResponseConventions(t *testing.T) {
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	idPattern := doc.Components.Schemas["ObjectId"].Value.Pattern
	timePattern := doc.Components.Schemas["Timestamp"].Value.Pattern
	responseSchemas(t, func(where, name string, s *openapi3.Schema) {
		isID := name == "_id" || strings.HasSuffix(name, "Id")
		switch {
		case s.Type.Is("string") && s.Format == "date-time" && s.Pattern != timePattern:
			t.Errorf("%s: date-time without the millisecond pattern", where)
		case isID && !(s.Type.Is("string") && s.Pattern == idPattern):
			t.Errorf("%s: id is not an ObjectId", where)
		}
	})
}

// TestPaginatedObjects makes every list object carry all the keys of the
// /api/v1 pagination object, with the page links and the cursor nullable.
func TestPaginatedObjects(t *testing.T) {
	keys := []string{"docs", "totalDocs", "limit", "page", "totalPages", "pagingCounter",
		"hasPrevPage", "hasNextPage", "prevPage", "nextPage", "nextCursor"}
	found := 0
	responseSchemas(t, func(where, _ string, s *openapi3.Schema) {
		if s.Properties["docs"] == nil {
			return
		}
		found++
		if got := slices.Sorted(slices.Values(s.Required)); !slices.Equal(got, slices.Sorted(slices.Values(keys))) {
			t.Errorf("%s: required %q, want %q", where, s.Required, keys)
		}
		if len(s.Properties) != len(keys) {
			t.Errorf("%s: %d properties, want %d", where, len(s.Properties), len(keys))
		}
		for _, k := range keys {
			p := s.Properties[k]
			if p == nil {
				t.Errorf("%s: no %s", where, k)
				continue
			}
			nullable := k == "prevPage" || k == "nextPage" || k == "nextCursor"
			if p.Value.Nullable != nullable {
				t.Errorf("%s.%s: nullable %v, want %v", where, k, p.Value.Nullable, nullable)
			}
		}
		if docs := s.Properties["docs"].Value; !docs.Type.Is("array") {
			t.Errorf("%s.docs is not an array", where)
		}
	})
	if found == 0 {
		t.Error("no paginated object found")
	}
}

// TestRequestBodies allows JSON and multipart bodies only, and makes an
// operation that takes files describe the 413 of uploads, not the 64 KB
// limit of JSON bodies. A multipart operation also takes JSON (direct
// uploads).
func TestRequestBodies(t *testing.T) {
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	uploads := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil {
				continue
			}
			name := method + " " + path
			content := op.RequestBody.Value.Content
			for mime := range content {
				if mime != "application/json" && mime != "multipart/form-data" {
					t.Errorf("%s: request body %s", name, mime)
				}
			}
			if content.Get("application/json") == nil {
				t.Errorf("%s: no JSON request body", name)
			}
			form := content.Get("multipart/form-data")
			if form == nil {
				continue
			}
			uploads++
			if ref := op.Responses.Value("413").Ref; ref != "#/components/responses/UploadTooLarge" {
				t.Errorf("%s: 413 is %q, want the UploadTooLarge response", name, ref)
			}
			files := 0
			for field, p := range form.Schema.Value.Properties {
				if p.Value.Format == "binary" {
					files++
					if form.Encoding[field] == nil || form.Encoding[field].ContentType == "" {
						t.Errorf("%s: file %s has no content types", name, field)
					}
				}
			}
			if files == 0 {
				t.Errorf("%s: multipart body without a file", name)
			}
		}
	}
	if uploads != 3 {
		t.Errorf("%d operations take files, want 3 (video, thumbnail, profile image)", uploads)
	}
}
