package config

import (
	"reflect"
	"slices"
	"testing"
)

// TestVariablesMatchParser keeps the documented list and the parser's list
// identical: same names, same order, same defaults.
func TestVariablesMatchParser(t *testing.T) {
	known, err := knownVars()
	if err != nil {
		t.Fatal(err)
	}
	var parserNames, docNames []string
	for _, k := range known {
		parserNames = append(parserNames, k.Key)
	}
	docs := Variables()
	for _, v := range docs {
		docNames = append(docNames, v.Name)
	}
	for _, n := range parserNames {
		if !slices.Contains(docNames, n) {
			t.Errorf("the parser reads %s but Variables() does not list it", n)
		}
	}
	for _, n := range docNames {
		if !slices.Contains(parserNames, n) {
			t.Errorf("Variables() lists %s but the parser does not read it", n)
		}
	}
	if !slices.Equal(parserNames, docNames) {
		t.Errorf("order differs:\nparser    %v\nVariables %v", parserNames, docNames)
	}
	if len(slices.Compact(slices.Sorted(slices.Values(docNames)))) != len(docNames) {
		t.Errorf("Variables() lists a name twice: %v", docNames)
	}

	for _, k := range known {
		i := slices.IndexFunc(docs, func(v Variable) bool { return v.Name == k.Key })
		if i < 0 {
			continue
		}
		doc := docs[i]
		if doc.Description == "" {
			t.Errorf("%s has no description", doc.Name)
		}
		// PUBLIC_BASE_URL's default follows PORT, so the parser has no
		// fixed default to compare with.
		if doc.Name == "PUBLIC_BASE_URL" {
			continue
		}
		if doc.Default != k.DefaultValue {
			t.Errorf("%s: Variables() says default %q, the parser uses %q", doc.Name, doc.Default, k.DefaultValue)
		}
	}
}

// TestEveryVariableIsUsed sets each variable in turn and checks that Load
// either rejects the value or changes the Config, so a variable cannot be
// listed and parsed yet never reach a field.
func TestEveryVariableIsUsed(t *testing.T) {
	defaults := mustLoad(t, testEnv{})
	for _, v := range Variables() {
		cfg, err := Load(testEnv{v.Name: "zz-unlikely-value"}.lookup)
		if err != nil {
			if got := errorVars(err); !slices.Contains(got, v.Name) {
				t.Errorf("%s: error names %v, not %s", v.Name, got, v.Name)
			}
			continue
		}
		if reflect.DeepEqual(cfg, defaults) {
			t.Errorf("%s: setting it changes nothing in Config", v.Name)
		}
	}
}

func TestVariablesReturnsAFreshSlice(t *testing.T) {
	a := Variables()
	a[0].Name = "CHANGED"
	if Variables()[0].Name == "CHANGED" {
		t.Error("Variables() shares its slice between calls")
	}
}
