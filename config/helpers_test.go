package config

import (
	"errors"
	"slices"
	"testing"
)

// testEnv is a map-backed environment for Load.
type testEnv map[string]string

// lookup returns a lookup function over e, shaped like os.LookupEnv.
func (e testEnv) lookup(name string) (string, bool) {
	v, ok := e[name]
	return v, ok
}

// mustLoad loads e and fails the test on error.
func mustLoad(t *testing.T, e testEnv) Config {
	t.Helper()
	cfg, err := Load(e.lookup)
	if err != nil {
		t.Fatalf("Load(%v): unexpected error:\n%v", e, err)
	}
	return cfg
}

// varErrors returns every *VarError inside err, in order.
func varErrors(err error) []*VarError {
	var out []*VarError
	var walk func(error)
	walk = func(e error) {
		if joined, ok := e.(interface{ Unwrap() []error }); ok {
			for _, inner := range joined.Unwrap() {
				walk(inner)
			}
			return
		}
		var ve *VarError
		if errors.As(e, &ve) {
			out = append(out, ve)
		}
	}
	walk(err)
	return out
}

// errorVars returns the sorted, de-duplicated variable names err reports.
func errorVars(err error) []string {
	var names []string
	for _, ve := range varErrors(err) {
		names = append(names, ve.Name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}
