// Package redistest points tests at the Redis server named by
// TEST_REDIS_URL. A missing server skips the test on a developer's machine
// but fails it under CI=true, where a skip would hide the shared rate
// limits.
package redistest

import (
	"crypto/rand"
	"os"
	"testing"
)

// URL returns TEST_REDIS_URL, skipping or failing the test when it is not
// set.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("TEST_REDIS_URL")
	if u == "" {
		const msg = "TEST_REDIS_URL is not set; set it to run the Redis tests, e.g. redis://127.0.0.1:6379/0"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return u
}

// Name returns a name no other test uses, for keys that must not meet
// those of other tests or of earlier runs on the same server.
func Name() string { return "test-" + rand.Text() }
