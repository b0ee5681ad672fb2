package wiring_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/wiring"
)

// testConfig is a configuration on the memory store; vars override it.
func testConfig(t *testing.T, vars map[string]string) config.Config {
	t.Helper()
	env := map[string]string{
		"APP_ENV":           "test",
		"DATABASE_URL":      "memory:",
		"DATA_DIR":          t.TempDir(),
		"MEDIA_DIR":         t.TempDir(),
		"JWT_ACCESS_SECRET": "test-secret-test-secret-test-secret!",
		"BCRYPT_COST":       "4",
	}
	for k, v := range vars {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func build(t *testing.T, cfg config.Config, log *slog.Logger, o wiring.Overrides) *wiring.System {
	t.Helper()
	sys, err := wiring.Build(context.Background(), cfg, log, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	return sys
}

var discard = slog.New(slog.DiscardHandler)
