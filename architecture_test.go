package stagecast_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/stagecast/stagecast/"

// layerOf names the layer of a package directory.
func layerOf(dir string) string {
	top, _, _ := strings.Cut(filepath.ToSlash(dir), "/")
	return top
}

// allowed says which layers each layer may import. Test files are drivers
// themselves and are not held to it.
var allowed = map[string][]string{
	"domain":   {"domain"},
	"app":      {"domain", "app"},
	"ports":    {"domain", "app", "ports"},
	"adapters": {"domain", "app", "adapters"},
	"config":   {"config"},
	// The composition roots import everything.
	"wiring": {"domain", "app", "ports", "adapters", "config", "wiring"},
	"cmd":    {"domain", "app", "ports", "adapters", "config", "wiring", "cmd"},
}

// TestImportDirection fails when a production file imports across the
// hexagon the wrong way, e.g. domain importing app or app importing a port.
func TestImportDirection(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	walkProductionFiles(t, func(path string) error {
		if filepath.Dir(path) == "." {
			return nil
		}
		layer := layerOf(filepath.Dir(path))
		rules, ok := allowed[layer]
		if !ok {
			t.Errorf("%s: directory %q is in no layer; add it to the rules", path, layer)
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			rest, ours := strings.CutPrefix(p, module)
			if !ours {
				if layer == "domain" && !isStdlib(p) {
					t.Errorf("%s imports %s: the domain uses the standard library only", path, p)
				}
				continue
			}
			target := layerOf(rest)
			ok := false
			for _, l := range rules {
				ok = ok || l == target
			}
			if !ok {
				t.Errorf("%s (%s) imports %s (%s)", path, layer, p, target)
			}
		}
		checked++
		return nil
	})
	if checked < 20 {
		t.Fatalf("checked only %d files; is the walk broken?", checked)
	}
}

// isStdlib reports whether an import path belongs to the standard library,
// whose first element has no dot.
func isStdlib(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}

// TestLayerRulesFail proves the rule table catches a wrong-way import.
func TestLayerRulesFail(t *testing.T) {
	for _, bad := range [][2]string{{"domain", "app"}, {"app", "ports"}, {"app", "adapters"}, {"ports", "adapters"}, {"adapters", "ports"}, {"domain", "config"}} {
		for _, l := range allowed[bad[0]] {
			if l == bad[1] {
				t.Errorf("%s may import %s", bad[0], bad[1])
			}
		}
	}
}
