package stagecast_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
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
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
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
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 40 {
		t.Fatalf("found %d error codes; the walk missed the core", len(seen))
	}
}
