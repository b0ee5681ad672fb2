package stagecast_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/config"
)

// TestReadmeListsEveryVariable keeps the README's configuration table true.
func TestReadmeListsEveryVariable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, v := range config.Variables() {
		if !strings.Contains(readme, "| `"+v.Name+"` |") {
			t.Errorf("README.md has no row for %s", v.Name)
		}
	}
	for _, cmd := range []string{"make run", "make test"} {
		if !strings.Contains(readme, cmd) {
			t.Errorf("README.md does not give %q", cmd)
		}
	}
}
