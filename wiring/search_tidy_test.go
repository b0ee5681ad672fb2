package wiring_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/wiring"
)

// TidySearch reaches SQLite's search indexes: accounts signed up one by
// one leave segments to merge, which a second call finds merged. The
// memory store has no index to tidy.
func TestTidySearch(t *testing.T) {
	t.Parallel()
	for _, store := range []string{"memory:", "sqlite:" + filepath.Join(t.TempDir(), "stagecast.db")} {
		sys := build(t, testConfig(t, map[string]string{"DATABASE_URL": store}), discard, wiring.Overrides{})
		for i := range 8 {
			err := sys.Services.Accounts.Register(t.Context(), accounts.RegisterInput{
				Name: fmt.Sprintf("Member %d", i), Email: fmt.Sprintf("m%d@example.com", i),
				Username: fmt.Sprintf("member_%d", i), Password: "Secret123",
			})
			if err != nil {
				t.Fatalf("%s: Register: %v", store, err)
			}
		}
		steps, err := sys.TidySearch(t.Context())
		if err != nil || (steps > 0) != (store != "memory:") {
			t.Fatalf("%s: TidySearch: %d steps, %v", store, steps, err)
		}
		if steps, err := sys.TidySearch(t.Context()); err != nil || steps != 0 {
			t.Fatalf("%s: TidySearch again: %d steps, %v", store, steps, err)
		}
	}
}
