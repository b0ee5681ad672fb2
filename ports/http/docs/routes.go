package docs

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/go-chi/chi/v5"
)

// Operations lists the operations of doc as "METHOD /path", sorted, with
// paths as the document writes them.
func Operations(doc *openapi3.T) []string {
	var ops []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, method+" "+path)
		}
	}
	slices.Sort(ops)
	return ops
}

// Undocumented walks a chi router and returns, sorted, "METHOD /path" for
// each route the embedded document lacks, so a test can fail when a handler
// is added without its documentation.
//
// Parameters match by position whatever their names or regular expressions
// ("/sessions/{sid:[0-9a-f]+}" is "/sessions/{id}"); a trailing slash is
// ignored because every route answers with and without one; wildcard routes
// ("/*", static assets) and OPTIONS/HEAD (served by middleware and by GET)
// are skipped.
//
// It panics if the embedded document is invalid, which the tests of this
// package rule out before any build ships.
func Undocumented(routes chi.Routes) []string {
	documented := make(map[string]bool)
	for _, op := range Operations(mustDocument()) {
		documented[opKey(op)] = true
	}
	var missing []string
	for _, op := range served(routes) {
		if !documented[opKey(op)] {
			missing = append(missing, op)
		}
	}
	return missing
}

// Unserved returns, sorted, the "METHOD /path" of each documented operation
// that the chi router does not serve, so the document cannot promise a route
// that was removed or never wired. Matching follows Undocumented.
func Unserved(routes chi.Routes) []string {
	have := make(map[string]bool)
	for _, op := range served(routes) {
		have[opKey(op)] = true
	}
	var missing []string
	for _, op := range Operations(mustDocument()) {
		if !have[opKey(op)] {
			missing = append(missing, op)
		}
	}
	return missing
}

// served lists the routes of a chi router as "METHOD /path", deduplicated
// and sorted, in the document's spelling: parameter regexps dropped and no
// trailing slash.
func served(routes chi.Routes) []string {
	seen := make(map[string]bool)
	// The walk function never fails, so neither does Walk.
	_ = chi.Walk(routes, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method == http.MethodOptions || method == http.MethodHead || strings.HasSuffix(pattern, "*") {
			return nil
		}
		seen[method+" "+trimSlash(stripParamRegexps(pattern))] = true
		return nil
	})
	ops := make([]string, 0, len(seen))
	for op := range seen {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	return ops
}

// opKey turns "METHOD /path/{name}/" into "METHOD /path/{}", the form in
// which a served route and a documented operation compare equal.
func opKey(op string) string {
	method, path, _ := strings.Cut(op, " ")
	var b strings.Builder
	b.WriteString(method)
	b.WriteByte(' ')
	path = trimSlash(path)
	for {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			b.WriteString(path)
			return b.String()
		}
		end := closingBrace(path, open)
		b.WriteString(path[:open])
		b.WriteString("{}")
		path = path[end+1:]
	}
}

// stripParamRegexps rewrites chi's "{name:regexp}" segments as "{name}". The
// regexp may itself hold braces ("{id:[0-9a-f]{24}}"), hence the depth count.
func stripParamRegexps(pattern string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(pattern, '{')
		if open < 0 {
			b.WriteString(pattern)
			return b.String()
		}
		end := closingBrace(pattern, open)
		param := pattern[open+1 : end]
		name, _, _ := strings.Cut(param, ":")
		b.WriteString(pattern[:open])
		b.WriteString("{" + name + "}")
		pattern = pattern[end+1:]
	}
}

// closingBrace returns the index of the brace closing the one at open, or
// the last index when it is unbalanced, so that a malformed pattern still
// yields a key (which then matches nothing) instead of a panic.
func closingBrace(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(s) - 1
}

// trimSlash drops a trailing slash, except from the root path.
func trimSlash(path string) string {
	if len(path) > 1 {
		return strings.TrimSuffix(path, "/")
	}
	return path
}

func mustDocument() *openapi3.T {
	doc, err := Document()
	if err != nil {
		panic(fmt.Sprintf("docs: embedded document is invalid: %v", err))
	}
	return doc
}
