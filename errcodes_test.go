package stagecast_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"testing"
)

// codeShape is what a stable error code looks like: an area and a name,
// lower case, dotted ("user.email_taken").
var codeShape = regexp.MustCompile(`^[a-z]+\.[a-z0-9_]+$`)

// TestErrorCodesAreStableAndUnique reads every errs.Define in the code: a
// surface chooses its words by these codes, so each must be a literal of
// the right shape and name one error only.
func TestErrorCodesAreStableAndUnique(t *testing.T) {
	fset := token.NewFileSet()
	seen := map[string]string{}
	walkProductionFiles(t, func(path string) error {
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Define" || len(call.Args) != 3 {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "errs" {
				return true
			}
			lit, ok := call.Args[1].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: the code of errs.Define must be a string literal", fset.Position(call.Pos()))
				return true
			}
			code, _ := strconv.Unquote(lit.Value)
			where := fset.Position(call.Pos()).String()
			if !codeShape.MatchString(code) {
				t.Errorf("%s: code %q is not area.name", where, code)
			}
			if prev, dup := seen[code]; dup {
				t.Errorf("%s: code %q already names the error at %s", where, code, prev)
			}
			seen[code] = where
			return true
		})
		return nil
	})
	if len(seen) < 40 {
		t.Fatalf("found %d error codes; the walk missed the core", len(seen))
	}
}
