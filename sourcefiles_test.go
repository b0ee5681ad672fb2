package stagecast_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// walkProductionFiles calls fn with the path of every Go file of the module
// that is not a test, outside hidden, testdata and node_modules
// directories, and fails the test on the first error.
func walkProductionFiles(t *testing.T, fn func(path string) error) {
	t.Helper()
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
		return fn(path)
	})
	if err != nil {
		t.Fatal(err)
	}
}
