package wiring_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/wiring"
)

// TestBrokerRedisIsRefused checks that BROKER=redis stops the start with a
// message naming it, rather than running with events that stay in one
// instance.
func TestBrokerRedisIsRefused(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t, map[string]string{"BROKER": "redis", "REDIS_URL": "redis://127.0.0.1:6379/0"})
	_, err := wiring.Build(context.Background(), cfg, discard, wiring.Overrides{})
	if !errors.Is(err, wiring.ErrConfig) || !strings.Contains(err.Error(), "BROKER=redis") {
		t.Fatalf("build: %v", err)
	}
}
