package wiring_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/adapters/redis/redistest"
	"github.com/stagecast/stagecast/config"
	"github.com/stagecast/stagecast/wiring"
)

// TestBrokerRedisNeedsRedis: BROKER=redis without REDIS_URL, or with a
// Redis that does not answer, stops the start with a message naming the
// variable, rather than running with events that stay in one instance.
func TestBrokerRedisNeedsRedis(t *testing.T) {
	t.Parallel()
	_, err := config.Load(func(k string) (string, bool) {
		v, ok := map[string]string{"BROKER": "redis", "APP_ENV": "test"}[k]
		return v, ok
	})
	if err == nil || !strings.Contains(err.Error(), "REDIS_URL") {
		t.Fatalf("BROKER=redis without REDIS_URL: %v", err)
	}
	cfg := testConfig(t, map[string]string{"BROKER": "redis", "REDIS_URL": "redis://127.0.0.1:1/0"})
	if _, err := wiring.Build(context.Background(), cfg, discard, wiring.Overrides{}); err == nil || !strings.Contains(err.Error(), "REDIS_URL") {
		t.Fatalf("BROKER=redis with no Redis: %v", err)
	}
}

// TestBrokerRedisStarts: with a Redis that answers, the system starts on
// the Redis broker and reports it healthy.
func TestBrokerRedisStarts(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t, map[string]string{"BROKER": "redis", "REDIS_URL": redistest.URL(t)})
	sys := build(t, cfg, discard, wiring.Overrides{})
	if sys.Services.Live == nil {
		t.Fatal("no live service")
	}
	if err := sys.Close(); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}
