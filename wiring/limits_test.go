package wiring_test

import (
	"context"
	"crypto/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stagecast/stagecast/adapters/redis/redistest"
	"github.com/stagecast/stagecast/wiring"
)

// deadRedis is a Redis URL with a password at an address nobody listens on.
func deadRedis(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "redis://:hunter2@" + addr + "/0"
}

// TestUnreachableRedisIsRefused checks that a REDIS_URL that does not
// answer stops the start with a message naming it, without its password.
func TestUnreachableRedisIsRefused(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t, map[string]string{"REDIS_URL": deadRedis(t)})
	_, err := wiring.Build(context.Background(), cfg, discard, wiring.Overrides{})
	if err == nil || !strings.Contains(err.Error(), "REDIS_URL") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("build: %v", err)
	}
}

// TestRedisSharesLimitsBetweenInstances builds two systems on one Redis,
// as two instances behind a load balancer: a client's requests count once
// across both.
func TestRedisSharesLimitsBetweenInstances(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t, map[string]string{"REDIS_URL": redistest.URL(t), "RATE_LIMIT_API": "3", "RATE_LIMIT_WINDOW": "24h"})
	a, b := build(t, cfg, discard, wiring.Overrides{}), build(t, cfg, discard, wiring.Overrides{})
	// A client address of its own, so that no other run counts with it.
	var ip [16]byte
	_, _ = rand.Read(ip[:])
	ip[0] = 0xfd
	client := "[" + net.IP(ip[:]).String() + "]:4000"
	get := func(sys *wiring.System) *httptest.ResponseRecorder {
		// Unauthenticated: 401, which counts like any answer.
		r := httptest.NewRequest(http.MethodGet, "/api/v1/video", nil)
		r.RemoteAddr = client
		w := httptest.NewRecorder()
		sys.Handler.ServeHTTP(w, r)
		return w
	}
	for i, sys := range []*wiring.System{a, b, a} {
		if w := get(sys); w.Code == http.StatusTooManyRequests {
			t.Fatalf("request %d: %d %s", i+1, w.Code, w.Body)
		}
	}
	if w := get(b); w.Code != http.StatusTooManyRequests {
		t.Fatalf("fourth request, on the other instance: %d %s", w.Code, w.Body)
	}
}
